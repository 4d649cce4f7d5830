/**
 * How the gateway talks to one department's API: upstream credentials (secrets by
 * reference, OAuth2 tokens cached per source), requests rendered from templates with
 * every placeholder escaped for where it lands, answers paginated as the vendor pages
 * them, and the vendor's request budget kept.
 */
@NullMarked
package io.customerdata.gateway.federation.connector;

import org.jspecify.annotations.NullMarked;
