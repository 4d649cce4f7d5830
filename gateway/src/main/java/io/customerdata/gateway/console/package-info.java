/**
 * The security officers' web console: a single page served from the jar, signing in
 * through Keycloak (authorization code with PKCE) and working on {@code /admin/**}.
 */
@NullMarked
package io.customerdata.gateway.console;

import org.jspecify.annotations.NullMarked;
