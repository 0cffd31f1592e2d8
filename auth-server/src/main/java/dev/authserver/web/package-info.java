/**
 * The protocol's own pages: login, consent, home, the signed-in user's connected apps and
 * the browser error page, which also answers in Tomcat's place for the requests the
 * container refuses itself ({@link dev.authserver.web.ContainerErrorReportValve}).
 */
package dev.authserver.web;
