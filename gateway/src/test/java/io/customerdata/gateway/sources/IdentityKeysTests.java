package io.customerdata.gateway.sources;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityKeysTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "alice@example.com|alice@example.com", "  Alice@Example.COM |alice@example.com",
					"ALICE.ARCHER+crm@Sub.Example.org|alice.archer+crm@sub.example.org" })
	void normalisesEmails(String text, String normal) {
		assertThat(IdentityKeys.email(text)).contains(normal);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "alice", "@example.com", "alice@", "alice@example", "a@b@c.d", "al ice@example.com",
			"alice@example." })
	void rejectsWhatIsNoEmail(String text) {
		assertThat(IdentityKeys.email(text)).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null",
			value = { "+447700900123|null|+447700900123", "+44 7700 900123|null|+447700900123",
					"07700 900123|GB|+447700900123", "07700 900123|gb|+447700900123", "06 12529997|NL|+31612529997",
					"+1 (415) 555-0132|null|+14155550132", "(415) 555-0132|US|+14155550132" })
	void normalisesPhonesToE164(String text, String country, String e164) {
		assertThat(IdentityKeys.phone(text, country)).contains(e164);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null",
			value = { "07700 900123|null", "not a phone|GB", "12|null", "null|GB", "+44|null" })
	void rejectsWhatIsNoPhoneOrNeedsACountry(String text, String country) {
		assertThat(IdentityKeys.phone(text, country)).isEmpty();
	}

}
