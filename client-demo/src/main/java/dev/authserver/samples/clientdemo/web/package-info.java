/**
 * The demo's pages: home, the user's messages, the machine-to-machine call, and friendly
 * error pages.
 */
package dev.authserver.samples.clientdemo.web;
