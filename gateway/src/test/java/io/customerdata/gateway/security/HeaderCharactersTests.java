package io.customerdata.gateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-pass header checks decide as the firewall's regular expressions do. */
class HeaderCharactersTests {

	@Test
	void decidesAsTheFirewallsRegularExpressions() {
		List<String> samples = new ArrayList<>(List.of("", "Bearer abc.def-ghi_~+/=", "a\tb", "a\rb", "a\nb",
				"a\u0000b", "a\u007Fb", "a\u0085b", "\u00A0", "caf\u00E9", "\uD83D\uDE00", "a\uD83Db", "\uDE00",
				"\u0378", "\uFFFF", "\u2028", "x-custom", "X-Forwarded-For", "\t", " "));
		samples.add(null);
		Random random = new Random(14);
		for (int i = 0; i < 20_000; i++) {
			samples.add(randomText(random));
		}
		for (String sample : samples) {
			assertThat(HeaderCharacters.allowedInValue(sample)).as("value %s", escaped(sample))
				.isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(sample));
			assertThat(HeaderCharacters.allowedInName(sample)).as("name %s", escaped(sample))
				.isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(sample));
		}
	}

	/**
	 * Mostly printable ASCII, with controls, non-ASCII, surrogates and unassigned points.
	 */
	private static String randomText(Random random) {
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(12);
		for (int i = 0; i < length; i++) {
			int kind = random.nextInt(10);
			if (kind < 6) {
				text.append((char) (0x20 + random.nextInt(0x5F)));
			}
			else if (kind == 6) {
				text.append((char) random.nextInt(0x20));
			}
			else if (kind == 7) {
				text.append((char) (0x7F + random.nextInt(0x40)));
			}
			else if (kind == 8) {
				text.append((char) random.nextInt(0x10000));
			}
			else {
				text.appendCodePoint(random.nextInt(Character.MAX_CODE_POINT + 1));
			}
		}
		return text.toString();
	}

	private static String escaped(String text) {
		if (text == null) {
			return "null";
		}
		StringBuilder out = new StringBuilder();
		text.chars().forEach((c) -> out.append(String.format("\\u%04X", c)));
		return out.toString();
	}

}
