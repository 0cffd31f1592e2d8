/**
 * Account self-service: the signed-in user's account page (profile, password, and links
 * to the other account pages), forgotten passwords reset through a link sent by mail,
 * email verification, and optional self-registration.
 */
package dev.authserver.account;
