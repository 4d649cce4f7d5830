package io.customerdata.departments.crm;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = { "department.name=crm", "department.dialect=saas", "department.population.size=50",
		"department.saas.daily-requests=5" })
@AutoConfigureWebTestClient
class SalesforceLimitTests {

	@Autowired
	WebTestClient client;

	@Test
	void answersRequestLimitExceededOnceTheDailyLimitIsSpent() {
		String bearer = new SalesforceSession(this.client).bearer();
		String account = SalesforceRecords.id("001", "ACC-000001");
		for (int i = 1; i <= 5; i++) {
			this.client.get()
				.uri("/services/data/v60.0/sobjects/Account/{id}", account)
				.header("Authorization", bearer)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Sforce-Limit-Info", "api-usage=" + i + "/5");
		}
		this.client.get()
			.uri("/services/data/v60.0/sobjects/Account/{id}", account)
			.header("Authorization", bearer)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$[0].errorCode")
			.isEqualTo("REQUEST_LIMIT_EXCEEDED");
		assertThat(account).hasSize(18);
	}

}
