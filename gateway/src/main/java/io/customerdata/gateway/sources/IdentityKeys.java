package io.customerdata.gateway.sources;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The normal forms identity resolution compares: e-mail addresses trimmed and in lower
 * case, phone numbers in E.164. Deterministic, so every link can be explained.
 */
public final class IdentityKeys {

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	private IdentityKeys() {
	}

	/**
	 * Loads every region's phone metadata now. libphonenumber reads it lazily from the
	 * jar, which would be a blocking file read on an event-loop thread at the first
	 * number of a region; called once at start-up instead.
	 */
	public static void loadPhoneMetadata() {
		PHONES.getSupportedRegions().forEach(PHONES::getExampleNumber);
		PHONES.getSupportedGlobalNetworkCallingCodes().forEach(PHONES::getExampleNumberForNonGeoEntity);
	}

	/**
	 * {@code " Alice@Example.COM "} → {@code alice@example.com}; empty when it is no
	 * address.
	 */
	public static Optional<String> email(@Nullable String text) {
		if (text == null) {
			return Optional.empty();
		}
		String normal = text.strip().toLowerCase(Locale.ROOT);
		int at = normal.indexOf('@');
		boolean plausible = at > 0 && at == normal.lastIndexOf('@') && normal.indexOf('.', at) > at + 1
				&& !normal.endsWith(".") && normal.chars().noneMatch(Character::isWhitespace) && normal.length() <= 254;
		return plausible ? Optional.of(normal) : Optional.empty();
	}

	/**
	 * A phone number in E.164: international notation as is, national notation with the
	 * country it belongs to (ISO 3166 alpha-2, any case). Empty when it is no valid
	 * number.
	 */
	public static Optional<String> phone(@Nullable String text, @Nullable String country) {
		if (text == null || text.isBlank()) {
			return Optional.empty();
		}
		try {
			var number = PHONES.parse(text, (country != null) ? country.toUpperCase(Locale.ROOT) : "ZZ");
			return PHONES.isPossibleNumber(number) ? Optional.of(PHONES.format(number, PhoneNumberFormat.E164))
					: Optional.empty();
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

	/**
	 * A phone number's digits without its country code or national prefix
	 * ({@code +447700900123} → {@code 7700900123}), as HubSpot's
	 * {@code hs_searchable_calculated_phone_number} holds it; of text that is no number
	 * in international notation, its digits.
	 */
	public static String withoutCountryCode(String text) {
		try {
			return PHONES.getNationalSignificantNumber(PHONES.parse(text, "ZZ"));
		}
		catch (NumberParseException ex) {
			return text.replaceAll("\\D", "");
		}
	}

	/**
	 * The keys a record can be linked by: {@code email:<normal form>} for each of its
	 * e-mails, {@code phone:<E.164>} for each of its phones.
	 */
	public static Set<String> of(SourceRecord record) {
		return of(record.canonical());
	}

	/** The keys of a record in canonical form. */
	static Set<String> of(JsonNode canonical) {
		Set<String> keys = new LinkedHashSet<>();
		canonical.path("customer")
			.path("emails")
			.forEach((e) -> email(e.isString() ? e.asString() : null).ifPresent((k) -> keys.add("email:" + k)));
		canonical.path("customer")
			.path("phones")
			.forEach((p) -> phone(p.isString() ? p.asString() : null, null).ifPresent((k) -> keys.add("phone:" + k)));
		return keys;
	}

}
