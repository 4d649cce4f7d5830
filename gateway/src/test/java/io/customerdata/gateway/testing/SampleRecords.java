package io.customerdata.gateway.testing;

import io.customerdata.gateway.sources.SourceRecord;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records of one customer, Pat Doe, as the three sample departments would answer them,
 * with the region and sensitivity a test needs.
 */
public final class SampleRecords {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SampleRecords() {
	}

	public static SourceRecord account(String id, String region, String sensitivity, String phone) {
		ObjectNode canonical = (ObjectNode) JSON.readTree("""
				{"customer": {"name": "Pat Doe", "emails": ["pat@x.example"], "phones": ["%s"], "region": "%s"},
				 "sales": {"account_id": "%s", "account_name": "Doe %s Ltd",
				           "deals": [{"name": "Renewal", "amount": 120000}]}}""".formatted(phone, region, id, id));
		if (sensitivity != null) {
			canonical.withObject("customer").put("sensitivity", sensitivity);
		}
		return new SourceRecord("crm", id, canonical, "email");
	}

	public static SourceRecord requester(String id, String region, String sensitivity) {
		return new SourceRecord("support", id, (ObjectNode) JSON.readTree("""
				{"customer": {"name": "Pat Doe", "emails": ["pat@x.example"], "region": "%s", "sensitivity": "%s"},
				 "support": {"requester_id": "%s", "tickets": [{"subject": "Cannot log in", "status": "open"}]}}"""
			.formatted(region, sensitivity, id)), "email");
	}

	public static SourceRecord contact(String id) {
		return new SourceRecord("marketing", id, (ObjectNode) JSON.readTree("""
				{"customer": {"name": "Pat Doe", "emails": ["pat@x.example"]},
				 "marketing": {"lead_id": "%s", "segments": ["smb"]}}""".formatted(id)), "email");
	}

}
