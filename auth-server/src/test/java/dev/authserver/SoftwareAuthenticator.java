package dev.authserver;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;

/**
 * A passkey authenticator in the test, as a browser and a platform authenticator together
 * would answer the server's WebAuthn options: one P-256 key pair, a discoverable
 * credential with "none" attestation, the user present and verified unless told
 * otherwise. Real signatures, so the server's relying party verifies them as it would a
 * device's; webauthn4j (on the server's classpath) encodes the CBOR.
 *
 * @see <a href="https://www.w3.org/TR/webauthn-3/#sctn-authenticator-data">WebAuthn Level
 * 3 §6.1</a>
 */
final class SoftwareAuthenticator {

	private static final ObjectConverter CONVERTER = new ObjectConverter();

	private final KeyPair keyPair;

	private final byte[] credentialId = new byte[16];

	private byte[] userHandle;

	private long signCount;

	SoftwareAuthenticator() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			this.keyPair = generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		new SecureRandom().nextBytes(this.credentialId);
	}

	String credentialId() {
		return encode(this.credentialId);
	}

	/**
	 * The body of a registration, answering the options of
	 * {@code /webauthn/register/options}.
	 */
	@SuppressWarnings("unchecked")
	String register(Map<String, Object> creationOptions, String origin, String label) {
		String rpId = (String) ((Map<String, Object>) creationOptions.get("rp")).get("id");
		this.userHandle = Base64.getUrlDecoder()
			.decode((String) ((Map<String, Object>) creationOptions.get("user")).get("id"));
		byte[] clientData = clientData("webauthn.create", (String) creationOptions.get("challenge"), origin);
		AuthenticatorData<RegistrationExtensionAuthenticatorOutput> authenticatorData = new AuthenticatorData<>(
				sha256(rpId.getBytes(StandardCharsets.UTF_8)),
				(byte) (AuthenticatorData.BIT_UP | AuthenticatorData.BIT_UV | AuthenticatorData.BIT_AT), 0,
				new AttestedCredentialData(AAGUID.ZERO, this.credentialId,
						EC2COSEKey.create((ECPublicKey) this.keyPair.getPublic(), COSEAlgorithmIdentifier.ES256)));
		byte[] attestationObject = CONVERTER.getCborConverter()
			.writeValueAsBytes(new AttestationObject(authenticatorData, new NoneAttestationStatement()));
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("attestationObject", encode(attestationObject));
		response.put("clientDataJSON", encode(clientData));
		response.put("transports", List.of("internal"));
		return JSONObjectUtils
			.toJSONString(Map.of("publicKey", Map.of("label", label, "credential", credential("type", response))));
	}

	/**
	 * The body of a sign-in at {@code /login/webauthn}, answering the options of
	 * {@code /webauthn/authenticate/options}.
	 */
	String assertion(Map<String, Object> requestOptions, String origin, boolean userVerified) {
		String rpId = (String) requestOptions.get("rpId");
		byte[] clientData = clientData("webauthn.get", (String) requestOptions.get("challenge"), origin);
		byte flags = (byte) (AuthenticatorData.BIT_UP | (userVerified ? AuthenticatorData.BIT_UV : 0));
		byte[] authenticatorData = new AuthenticatorDataConverter(CONVERTER)
			.convert(new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)), flags, ++this.signCount));
		byte[] signature;
		try {
			Signature signer = Signature.getInstance("SHA256withECDSA");
			signer.initSign(this.keyPair.getPrivate());
			signer.update(ByteBuffer.allocate(authenticatorData.length + 32)
				.put(authenticatorData)
				.put(sha256(clientData))
				.array());
			signature = signer.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("authenticatorData", encode(authenticatorData));
		response.put("clientDataJSON", encode(clientData));
		response.put("signature", encode(signature));
		response.put("userHandle", encode(this.userHandle));
		return JSONObjectUtils.toJSONString(credential("credType", response));
	}

	/**
	 * The credential as the browser's script posts it; the framework's registration and
	 * sign-in name its type differently.
	 */
	private Map<String, Object> credential(String typeName, Map<String, Object> response) {
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("id", credentialId());
		credential.put("rawId", credentialId());
		credential.put("response", response);
		credential.put(typeName, "public-key");
		credential.put("clientExtensionResults", Map.of());
		credential.put("authenticatorAttachment", "platform");
		return credential;
	}

	private static byte[] clientData(String type, String challenge, String origin) {
		return JSONObjectUtils
			.toJSONString(Map.of("type", type, "challenge", challenge, "origin", origin, "crossOrigin", false))
			.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] sha256(byte[] value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(byte[] value) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

}
