/**
 * The device authorization grant (RFC 8628): the framework's device authorization and
 * verification endpoints switched on, with our user codes, public device clients,
 * {@code slow_down} for devices that poll too fast, the verification and consent pages,
 * and the throttle on wrong user codes.
 */
package dev.authserver.device;
