package io.customerdata.departments.population;

import java.util.SplittableRandom;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpellingsTests {

	@Test
	void alwaysGarbledEmailStillHasTheSameLookupKey() {
		String spelled = Spellings.email("ada.lovelace@analytical-engines.example", new SplittableRandom(1), 1, 1);
		assertThat(spelled).isEqualTo(" Ada.Lovelace@Analytical-Engines.Example  ");
		assertThat(Spellings.emailKey(spelled)).isEqualTo("ada.lovelace@analytical-engines.example");
	}

	@Test
	void neverGarbledEmailStaysCanonical() {
		assertThat(Spellings.email("a@b.example", new SplittableRandom(1), 0, 0)).isEqualTo("a@b.example");
	}

	@Test
	void nationalPhoneResolvesWithItsCountryOnly() {
		String national = PhoneNumbers.format("+447700900123", PhoneNumberFormat.NATIONAL);
		assertThat(national).isEqualTo("07700 900123");
		assertThat(PhoneNumbers.lookupKey(national, "GB")).isEqualTo("+447700900123");
		assertThat(PhoneNumbers.lookupKey(national, "ZZ")).isEmpty();
		assertThat(PhoneNumbers.lookupKey("+44 7700 900123", "ZZ")).isEqualTo("+447700900123");
	}

}
