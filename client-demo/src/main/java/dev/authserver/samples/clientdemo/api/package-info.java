/**
 * Calls to the resource-server's API, with the signed-in user's token or the machine
 * client's.
 */
package dev.authserver.samples.clientdemo.api;
