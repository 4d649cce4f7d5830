/**
 * How the gateway talks to one department's API: upstream credentials (secrets by
 * reference, OAuth2 tokens cached per source), requests rendered from templates with
 * every placeholder escaped for where it lands, answers paginated as the vendor pages
 * them, and the vendor's request budget kept.
 */
@NamedInterface("connector")
@NullMarked
package io.customerdata.gateway.sources.connector;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
