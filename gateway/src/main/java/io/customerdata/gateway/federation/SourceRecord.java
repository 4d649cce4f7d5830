package io.customerdata.gateway.federation;

import tools.jackson.databind.node.ObjectNode;

/**
 * One source's record of a customer, in canonical form.
 *
 * @param matchedBy how it was linked: {@code reference}, {@code email} or {@code phone}
 */
public record SourceRecord(String source, String id, ObjectNode canonical, String matchedBy) {

}
