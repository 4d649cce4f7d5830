package io.customerdata.gateway.sources.connector;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;

import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A customer reference is a value wherever it lands: it never changes the structure of a
 * URL, a JSON body, a SOQL or SOSL query or a Zendesk search. Each case renders hostile
 * values and reads the result back the way the receiving side would parse it.
 */
class RequestTemplateEscapingTests {

	static final List<String> HOSTILE = List.of("' OR '1'='1", "a\\' OR Id != null --", "x\" OR \"1\"=\"1",
			"back\\slash\\", "line\nbreak\r\n", "}]}, {\"evil\": true", "{value}", "a&b=c#frag", "../../admin?x=1",
			"100% +plus", "Zoë Ünal 山田", "\u0000nul", "tab\tand\fform");

	@ParameterizedTest
	@FieldSource("HOSTILE")
	void aValueInThePathOrQueryIsOneComponent(String value) {
		RequestTemplate template = new RequestTemplate("GET", "/contacts/{value}/deals?q={value}&limit=10", null,
				Map.of());
		String rendered = template.render(Map.of("value", value)).pathAndQuery();

		UriComponents uri = UriComponentsBuilder.fromUriString(rendered).build(true);
		assertThat(uri.getPathSegments()).hasSize(3);
		assertThat(decode(uri.getPathSegments().get(1))).isEqualTo(value);
		assertThat(uri.getFragment()).isNull();
		MultiValueMap<String, String> query = uri.getQueryParams();
		assertThat(query.keySet()).containsExactly("q", "limit");
		assertThat(decode(query.getFirst("q"))).isEqualTo(value);
		assertThat(query.getFirst("limit")).isEqualTo("10");
	}

	@ParameterizedTest
	@FieldSource("HOSTILE")
	void aValueInASoqlLiteralStaysInsideIt(String value) {
		RequestTemplate template = new RequestTemplate("GET",
				"/services/data/v60.0/query?q=SELECT Id FROM Contact WHERE Email = '{value|soql}' LIMIT 5", null,
				Map.of());
		String soql = decode(UriComponentsBuilder.fromUriString(template.render(Map.of("value", value)).pathAndQuery())
			.build(true)
			.getQueryParams()
			.getFirst("q"));

		assertThat(soql).startsWith("SELECT Id FROM Contact WHERE Email = '");
		Literal literal = soqlLiteral(soql, soql.indexOf('\''));
		assertThat(literal.value()).isEqualTo(value.replaceAll("[\\u0000]", ""));
		assertThat(soql.substring(literal.end())).isEqualTo(" LIMIT 5");
	}

	static final List<String> WILDCARDS = List.of("%%", "_", "50%_off\\%", "a\\_b", "' OR Name LIKE '%");

	@ParameterizedTest
	@FieldSource({ "HOSTILE", "WILDCARDS" })
	void aValueInASoqlLikePatternMatchesItselfOnly(String value) {
		RequestTemplate template = new RequestTemplate("GET",
				"/services/data/v60.0/query?q=SELECT Id FROM Account WHERE Name LIKE '%{value|soql-like}%' LIMIT 5",
				null, Map.of());
		String soql = decode(UriComponentsBuilder.fromUriString(template.render(Map.of("value", value)).pathAndQuery())
			.build(true)
			.getQueryParams()
			.getFirst("q"));

		// Read as Salesforce reads a LIKE pattern: unescaped % and _ are wildcards.
		StringBuilder text = new StringBuilder();
		List<Integer> wildcards = new java.util.ArrayList<>();
		int i = soql.indexOf('\'') + 1;
		for (; soql.charAt(i) != '\''; i++) {
			char c = soql.charAt(i);
			if (c == '\\') {
				text.append(soqlLiteral("'\\" + soql.charAt(++i) + "'", 0).value());
			}
			else if (c == '%' || c == '_') {
				wildcards.add(text.length());
			}
			else {
				text.append(c);
			}
		}
		assertThat(soql.substring(i + 1)).isEqualTo(" LIMIT 5");
		assertThat(wildcards).as("the template's two %% only").containsExactly(0, text.length());
		assertThat(text.toString()).isEqualTo(value.replaceAll("[\\u0000]", ""));
	}

	@Test
	void aPhoneBecomesTheNotationsItMayBeStoredInAndAnythingElseOneLiteral() {
		RequestTemplate template = new RequestTemplate("GET",
				"/q?q=SELECT Id FROM Account WHERE Phone IN ({value|soql-phone-notations})", null, Map.of());

		assertThat(soql(template, "+447700900123"))
			.isEqualTo("SELECT Id FROM Account WHERE Phone IN ('+447700900123', '+44 7700 900123', '07700 900123')");
		assertThat(soql(template, "') OR Name != ('"))
			.isEqualTo("SELECT Id FROM Account WHERE Phone IN ('\\') OR Name != (\\'')");
	}

	private static String soql(RequestTemplate template, String value) {
		return decode(UriComponentsBuilder.fromUriString(template.render(Map.of("value", value)).pathAndQuery())
			.build(true)
			.getQueryParams()
			.getFirst("q"));
	}

	@ParameterizedTest
	@FieldSource("HOSTILE")
	void aValueInAJsonBodyIsOneString(String value) {
		RequestTemplate template = new RequestTemplate("POST", "/crm/v3/objects/contacts/search", """
				{"filterGroups": [{"filters": [{"propertyName": "email", "operator": "EQ", "value": "{value}"}]}],
				 "limit": 100, "note": "by {value}"}""", Map.of());
		JsonNode body = template.render(Map.of("value", value)).body();

		assertThat(body.propertyNames()).containsExactly("filterGroups", "limit", "note");
		assertThat(body.at("/filterGroups")).hasSize(1);
		assertThat(body.at("/filterGroups/0/filters")).hasSize(1);
		assertThat(body.at("/filterGroups/0/filters/0").propertyNames()).containsExactly("propertyName", "operator",
				"value");
		assertThat(body.at("/filterGroups/0/filters/0/value").asString()).isEqualTo(value);
		assertThat(body.at("/note").asString()).isEqualTo("by " + value);
		assertThat(body.at("/limit").asInt()).isEqualTo(100);
	}

	@ParameterizedTest
	@FieldSource("HOSTILE")
	void aValueInAZendeskSearchIsOneQuotedPhrase(String value) {
		RequestTemplate template = new RequestTemplate("GET", "/api/v2/users/search.json?query=email:{value|zendesk}",
				null, Map.of());
		String query = decode(UriComponentsBuilder.fromUriString(template.render(Map.of("value", value)).pathAndQuery())
			.build(true)
			.getQueryParams()
			.getFirst("query"));

		assertThat(query).startsWith("email:\"").endsWith("\"");
		String phrase = query.substring("email:\"".length(), query.length() - 1);
		assertThat(phrase).doesNotContain("\"", "\\").doesNotContainPattern("\\p{Cntrl}");
	}

	@ParameterizedTest
	@FieldSource("HOSTILE")
	void aValueInASoslSearchHasEveryReservedCharacterEscaped(String value) {
		RequestTemplate template = new RequestTemplate("GET",
				"/services/data/v60.0/search?q=FIND {{value|sosl}} IN PHONE FIELDS RETURNING Contact(Id)", null,
				Map.of());
		String sosl = decode(UriComponentsBuilder.fromUriString(template.render(Map.of("value", value)).pathAndQuery())
			.build(true)
			.getQueryParams()
			.getFirst("q"));

		assertThat(sosl).startsWith("FIND {").endsWith("} IN PHONE FIELDS RETURNING Contact(Id)");
		String term = sosl.substring("FIND {".length(),
				sosl.length() - "} IN PHONE FIELDS RETURNING Contact(Id)".length());
		StringBuilder searched = new StringBuilder();
		for (int i = 0; i < term.length(); i++) {
			if (term.charAt(i) == '\\') {
				i++;
			}
			else {
				assertThat("?&|!{}[]()^~*:\"'+-").as("unescaped at %d of %s", i, term)
					.doesNotContain(term.substring(i, i + 1));
			}
			searched.append(term.charAt(i));
		}
		assertThat(searched).as("the value searched for, without control characters")
			.hasToString(value.codePoints()
				.filter((c) -> !Character.isISOControl(c))
				.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
				.toString());
	}

	@Test
	void aHeaderValueCannotBreakIntoAnotherHeader() {
		RequestTemplate template = new RequestTemplate("GET", "/x", null, Map.of("X-Lookup", "{value}"));
		assertThat(template.render(Map.of("value", "a\r\nX-Admin: true")).headers())
			.containsExactly(Map.entry("X-Lookup", "aX-Admin: true"));
	}

	@Test
	void aPhoneForHubSpotsCalculatedPropertyLosesItsCountryCodeAndStaysAString() {
		RequestTemplate template = new RequestTemplate("POST", "/search",
				"{\"filters\": [{\"value\": \"{value|national}\"}]}", Map.of());
		assertThat(template.render(Map.of("value", "+447700900123")).body().at("/filters/0/value").asString())
			.isEqualTo("7700900123");
		assertThat(template.render(Map.of("value", "+1 (415) 555-0100")).body().at("/filters/0/value").asString())
			.isEqualTo("4155550100");
		assertThat(template.render(Map.of("value", "\"}], \"x\": \"0")).body().at("/filters/0/value").asString())
			.as("not a number: its digits")
			.isEqualTo("0");
	}

	@Test
	void templateLiteralsAreEncodedOnceAndKeepTheirStructure() {
		RequestTemplate template = new RequestTemplate("GET",
				"/services/data/v60.0/query?q=SELECT Id, Name FROM Account WHERE Id = '{value|soql}'&x=1", null,
				Map.of());
		assertThat(template.render(Map.of("value", "001")).pathAndQuery()).isEqualTo(
				"/services/data/v60.0/query?q=SELECT%20Id,%20Name%20FROM%20Account%20WHERE%20Id%20%3D%20'001'&x=1");
	}

	@Test
	void literalsAfterAPlaceholderAreEncodedForThePartOfTheUrlTheyAreIn() {
		RequestTemplate template = new RequestTemplate("GET", "/a=b/{id}?q={value}&f=x=y", null, Map.of());
		assertThat(template.render(Map.of("id", "1", "value", "2")).pathAndQuery()).isEqualTo("/a=b/1?q=2&f=x%3Dy");
	}

	@Test
	void refusesTemplatesThatCouldNotKeepAValueInPlace() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RequestTemplate("POST", "/x", "{\"{value}\": 1}", Map.of()))
			.withMessageContaining("only in a JSON string value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RequestTemplate("POST", "/x", "{\"a\": [{\"{value}\": 1}]}", Map.of()))
			.withMessageContaining("only in a JSON string value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RequestTemplate("GET", "/x/{value|sql}", null, Map.of()))
			.withMessageContaining("unknown placeholder filter 'sql'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RequestTemplate("GET", "/x/{id}", null, Map.of()).render(Map.of("value", "1")))
			.withMessageContaining("no value for {id}");
	}

	private static String decode(String component) {
		return UriUtils.decode(component, StandardCharsets.UTF_8);
	}

	private record Literal(String value, int end) {
	}

	/** Reads a SOQL string literal from its opening quote, as Salesforce's lexer does. */
	private static Literal soqlLiteral(String soql, int open) {
		StringBuilder value = new StringBuilder();
		for (int i = open + 1; i < soql.length(); i++) {
			char c = soql.charAt(i);
			if (c == '\\') {
				char escaped = soql.charAt(++i);
				value.append(switch (escaped) {
					case 'n' -> '\n';
					case 'r' -> '\r';
					case 't' -> '\t';
					case 'b' -> '\b';
					case 'f' -> '\f';
					default -> escaped;
				});
			}
			else if (c == '\'') {
				return new Literal(value.toString(), i + 1);
			}
			else {
				value.append(c);
			}
		}
		throw new AssertionError("unterminated literal in " + soql);
	}

}
