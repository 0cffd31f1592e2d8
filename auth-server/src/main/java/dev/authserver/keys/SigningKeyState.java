package dev.authserver.keys;

/**
 * Where a signing key is in its life: only an {@code ACTIVE} key signs.
 */
enum SigningKeyState {

	ACTIVE

}
