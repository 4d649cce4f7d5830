package io.customerdata.departments.marketing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A contact as the marketing-automation tool keeps it, keyed by e-mail address.
 *
 * @param subscriptions channel ({@code email}, {@code sms}, {@code phone}) to its status
 * @param consents purpose to the consent the customer gave or refused for it
 */
public record MarketingContact(String leadId, String email, String firstName, String lastName, @Nullable String phone,
		String country, int leadScore, List<String> segments, List<CampaignMembership> campaigns,
		Map<String, Subscription> subscriptions, Map<String, Consent> consents, Instant lastEngagementAt) {

	public record CampaignMembership(String campaignId, String name, String status, Instant joinedAt) {
	}

	public record Subscription(String status, Instant updatedAt) {
	}

	public record Consent(boolean granted, Instant recordedAt, String source) {
	}

}
