package io.customerdata.departments.marketing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import io.customerdata.departments.population.PhoneNumbers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Marketing's contacts as HubSpot's CRM v3 gives them: a numeric id, and every property a
 * string (numbers too; multi-select values joined by {@code ;}; the structured campaign,
 * subscription and consent records as JSON in text properties, the way integrations keep
 * them). The phone is stored as typed, in one of three notations; HubSpot's calculated
 * properties beside it hold it in E.164 and as digits without the country code. The lead
 * score is in {@code hubspot_score}; the legacy {@code hubspotscore} holds an older,
 * different value.
 */
final class HubSpotRecords {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The notations contacts' phones were typed in. */
	private static final List<PhoneNumberFormat> TYPED = List.of(PhoneNumberFormat.INTERNATIONAL,
			PhoneNumberFormat.NATIONAL, PhoneNumberFormat.E164);

	/** Properties HubSpot returns whether asked for or not. */
	static final Set<String> DEFAULT_PROPERTIES = Set.of("hs_object_id", "createdate", "lastmodifieddate");

	private HubSpotRecords() {
	}

	/** {@code L-07000123} → {@code 7000123}. */
	static String id(MarketingContact contact) {
		return String.valueOf(Long.parseLong(contact.leadId().replaceAll("\\D", "")));
	}

	static Map<String, String> properties(MarketingContact contact) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("hs_object_id", id(contact));
		properties.put("createdate", contact.lastEngagementAt().toString());
		properties.put("lastmodifieddate", contact.lastEngagementAt().toString());
		properties.put("firstname", contact.firstName());
		properties.put("lastname", contact.lastName());
		properties.put("email", contact.email());
		String country = contact.country().toUpperCase(Locale.ROOT);
		if (contact.phone() != null) {
			PhoneNumberFormat typed = TYPED.get((int) (Long.parseLong(id(contact)) % TYPED.size()));
			properties.put("phone", PhoneNumbers.format(contact.phone(), typed));
			properties.put("hs_calculated_phone_number", PhoneNumbers.lookupKey(contact.phone(), country));
			properties.put("hs_searchable_calculated_phone_number",
					PhoneNumbers.withoutCountryCode(contact.phone(), country));
		}
		else {
			properties.put("phone", null);
		}
		properties.put("country", country);
		properties.put("lead_id", contact.leadId());
		properties.put("hubspot_score", String.valueOf(contact.leadScore()));
		properties.put("hubspotscore", String.valueOf(legacyScore(contact)));
		properties.put("segments", String.join(";", contact.segments()));
		properties.put("campaigns", JSON.writeValueAsString(contact.campaigns()));
		properties.put("subscriptions", JSON.writeValueAsString(contact.subscriptions()));
		properties.put("consents", JSON.writeValueAsString(contact.consents()));
		properties.put("last_engagement", contact.lastEngagementAt().toString());
		return properties;
	}

	/** The legacy score, never updated since the new scoring: never the current one. */
	static int legacyScore(MarketingContact contact) {
		return (contact.leadScore() + 37) % 101;
	}

	/** The object, with the properties asked for (all when none are named). */
	static Map<String, Object> contact(MarketingContact contact, Set<String> asked) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties(contact).forEach((name, value) -> {
			if (asked.isEmpty() || asked.contains(name) || DEFAULT_PROPERTIES.contains(name)) {
				properties.put(name, value);
			}
		});
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("id", id(contact));
		object.put("properties", properties);
		object.put("createdAt", contact.lastEngagementAt().toString());
		object.put("updatedAt", contact.lastEngagementAt().toString());
		object.put("archived", false);
		return object;
	}

	static Map<String, Object> error(String category, String message) {
		return Map.of("status", "error", "message", message, "category", category, "correlationId",
				java.util.UUID.randomUUID().toString());
	}

}
