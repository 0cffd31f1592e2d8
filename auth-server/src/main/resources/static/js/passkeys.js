// Passkeys (WebAuthn) on the login page and the account page. WebAuthn is a browser API, so this is the one part of
// these pages that needs script; it is served from our origin, which the Content-Security-Policy allows.
// The JSON shapes are those of Spring Security's WebAuthn endpoints (its webauthn-core.js).
"use strict";

(function () {
  function decode(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0)).buffer;
  }

  function encode(buffer) {
    const binary = String.fromCharCode(...new Uint8Array(buffer));
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  async function post(url, element, body) {
    const headers = { "Content-Type": "application/json" };
    headers[element.dataset.csrfHeader] = element.dataset.csrfToken;
    return fetch(url, {
      method: "POST",
      headers: headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function options(url, element) {
    const response = await post(url, element);
    if (!response.ok) {
      throw new Error("options " + response.status);
    }
    return response.json();
  }

  function show(element, message) {
    element.textContent = message;
    element.hidden = false;
  }

  const supported = !!(window.PublicKeyCredential && navigator.credentials);

  // The login page: a button, and the browser's autofill offering passkeys in the username field (conditional UI).
  async function setUpSignIn(section) {
    const button = document.getElementById("passkey-sign-in");
    const error = document.getElementById("passkey-error");
    let pending = null;

    async function signIn(conditional) {
      const requested = await options("/webauthn/authenticate/options", section);
      const publicKey = {
        ...requested,
        challenge: decode(requested.challenge),
        allowCredentials: (requested.allowCredentials || []).map((c) => ({ ...c, id: decode(c.id) })),
      };
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      const request = { publicKey: publicKey, signal: pending.signal };
      if (conditional) {
        request.mediation = "conditional";
      }
      const credential = await navigator.credentials.get(request);
      const response = credential.response;
      const result = await post("/login/webauthn", section, {
        id: credential.id,
        rawId: encode(credential.rawId),
        response: {
          authenticatorData: encode(response.authenticatorData),
          clientDataJSON: encode(response.clientDataJSON),
          signature: encode(response.signature),
          userHandle: response.userHandle ? encode(response.userHandle) : undefined,
        },
        credType: credential.type,
        clientExtensionResults: credential.getClientExtensionResults(),
        authenticatorAttachment: credential.authenticatorAttachment,
      });
      const answer = result.ok ? await result.json() : null;
      if (!(answer && answer.authenticated && typeof answer.redirectUrl === "string")) {
        throw new Error("refused");
      }
      // The server answers with a path of this site; anything else goes home.
      const target = new URL(answer.redirectUrl, window.location.href);
      window.location.assign(target.origin === window.location.origin ? target.href : "/");
    }

    function failed(err) {
      if (err && err.name === "AbortError") {
        return;
      }
      show(error, "The passkey did not sign you in. Try again, or sign in with your password.");
    }

    section.hidden = false;
    button.addEventListener("click", () => {
      error.hidden = true;
      signIn(false).catch(failed);
    });
    // The browser offers passkeys when the user is in the username field; when none is chosen nothing happens, so a
    // failure here is not shown: the user may be about to type a password.
    if (PublicKeyCredential.isConditionalMediationAvailable && (await PublicKeyCredential.isConditionalMediationAvailable())) {
      signIn(true).catch(() => {});
    }
  }

  // The account page: name the passkey, create it on the authenticator, register it.
  function setUpRegistration(form) {
    const label = document.getElementById("passkey-label");
    const labelError = document.getElementById("passkey-label-error");
    const error = document.getElementById("passkey-register-error");
    document.getElementById("passkeys-unsupported").hidden = true;
    form.hidden = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      labelError.hidden = true;
      error.hidden = true;
      try {
        const requested = await options("/webauthn/register/options", form);
        const publicKey = {
          ...requested,
          user: { ...requested.user, id: decode(requested.user.id) },
          challenge: decode(requested.challenge),
          excludeCredentials: (requested.excludeCredentials || []).map((c) => ({ ...c, id: decode(c.id) })),
        };
        const credential = await navigator.credentials.create({ publicKey: publicKey });
        const response = credential.response;
        const result = await post("/account/passkeys/register", form, {
          publicKey: {
            label: label.value,
            credential: {
              id: credential.id,
              rawId: encode(credential.rawId),
              response: {
                attestationObject: encode(response.attestationObject),
                clientDataJSON: encode(response.clientDataJSON),
                transports: response.getTransports ? response.getTransports() : [],
              },
              type: credential.type,
              clientExtensionResults: credential.getClientExtensionResults(),
              authenticatorAttachment: credential.authenticatorAttachment,
            },
          },
        });
        const answer = await result.json();
        if (result.ok && answer.success) {
          window.location.assign(form.dataset.success);
          return;
        }
        show(answer.field === "label" ? labelError : error, answer.message);
      } catch (err) {
        show(error, "No passkey was added: the browser or the authenticator did not complete it.");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!supported) {
      return;
    }
    const section = document.getElementById("passkey-sign-in-section");
    if (section) {
      setUpSignIn(section);
    }
    const form = document.getElementById("passkey-register-form");
    if (form) {
      setUpRegistration(form);
    }
  });
})();
