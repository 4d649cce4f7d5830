package io.customerdata.departments.marketing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import io.customerdata.departments.population.Person;
import io.customerdata.departments.population.PhoneNumbers;
import io.customerdata.departments.population.Population;
import io.customerdata.departments.population.Spellings;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The marketing tool's contacts, keyed by normalised e-mail, also indexed by lead id and
 * phone.
 */
@Component
@ConditionalOnProperty(name = "department.name", havingValue = "marketing")
public class MarketingContacts {

	/**
	 * Share of contacts whose last name differs from the other systems' (e.g. after
	 * marriage).
	 */
	static final double RENAMED_SHARE = 0.02;

	private static final List<String> SEGMENTS = List.of("enterprise", "mid-market", "smb", "newsletter",
			"webinar-attendee", "trial-user", "churn-risk", "event-lead");

	private static final List<String> CAMPAIGNS = List.of("Spring Launch", "Summer Webinar Series", "Autumn Roadshow",
			"Year-End Renewal", "Product Tour", "Customer Summit");

	private static final List<String> CAMPAIGN_STATUSES = List.of("sent", "opened", "clicked", "converted",
			"unsubscribed");

	private final Map<String, MarketingContact> byEmail = new LinkedHashMap<>();

	private final Map<String, String> emailByLeadId = new HashMap<>();

	private final Map<String, String> emailByPhone = new HashMap<>();

	public MarketingContacts(Population population) {
		for (Person person : population.people()) {
			if (person.presence().marketing()) {
				MarketingContact contact = contact(person, population);
				String key = Spellings.emailKey(contact.email());
				this.byEmail.put(key, contact);
				this.emailByLeadId.put(contact.leadId(), key);
				if (contact.phone() != null) {
					this.emailByPhone.put(person.phone(), key);
				}
			}
		}
	}

	public Optional<MarketingContact> findByEmail(String email) {
		return Optional.ofNullable(this.byEmail.get(Spellings.emailKey(email)));
	}

	public Optional<MarketingContact> findByLeadId(String leadId) {
		return Optional.ofNullable(this.emailByLeadId.get(leadId)).map(this.byEmail::get);
	}

	/** Phones in international notation. */
	public Optional<MarketingContact> findByPhone(String phone) {
		return Optional.ofNullable(this.emailByPhone.get(PhoneNumbers.lookupKey(phone, "ZZ"))).map(this.byEmail::get);
	}

	public List<MarketingContact> search(String text) {
		String needle = text.strip().toLowerCase(Locale.ROOT);
		return this.byEmail.values().stream().filter((contact) -> matches(contact, needle)).toList();
	}

	private static boolean matches(MarketingContact contact, String needle) {
		return (contact.firstName() + " " + contact.lastName()).toLowerCase(Locale.ROOT).contains(needle)
				|| contact.email().toLowerCase(Locale.ROOT).contains(needle);
	}

	private static MarketingContact contact(Person person, Population population) {
		SplittableRandom random = population.random(person, "marketing");
		List<String> segments = new ArrayList<>();
		for (String segment : SEGMENTS) {
			if (random.nextDouble() < 0.2) {
				segments.add(segment);
			}
		}
		List<MarketingContact.CampaignMembership> campaigns = new ArrayList<>();
		for (int c = 0, n = random.nextInt(4); c < n; c++) {
			int campaign = random.nextInt(CAMPAIGNS.size());
			campaigns.add(new MarketingContact.CampaignMembership("CMP-" + (2026_00 + campaign),
					CAMPAIGNS.get(campaign), CAMPAIGN_STATUSES.get(random.nextInt(CAMPAIGN_STATUSES.size())),
					Population.instantBefore(random)));
		}
		Map<String, MarketingContact.Subscription> subscriptions = new TreeMap<>();
		for (String channel : List.of("email", "sms", "phone")) {
			subscriptions.put(channel, new MarketingContact.Subscription(
					random.nextDouble() < 0.6 ? "subscribed" : "unsubscribed", Population.instantBefore(random)));
		}
		Map<String, MarketingContact.Consent> consents = new TreeMap<>();
		person.consents()
			.forEach((purpose, granted) -> consents.put(purpose,
					new MarketingContact.Consent(granted, Population.instantBefore(random), "preference-centre")));
		boolean hasPhone = random.nextDouble() < 0.7;
		String lastName = (random.nextDouble() < RENAMED_SHARE) ? person.lastName() + "-Morgan" : person.lastName();
		return new MarketingContact(String.format("L-%08d", 7_000_000 + person.index()),
				Spellings.email(person.email(), random, 0.15, 0.03), person.firstName(), lastName,
				hasPhone ? PhoneNumbers.format(person.phone(), PhoneNumberFormat.INTERNATIONAL) : null,
				person.country().toLowerCase(Locale.ROOT), random.nextInt(101), List.copyOf(segments),
				List.copyOf(campaigns), subscriptions, consents, Population.instantBefore(random));
	}

}
