package io.customerdata.departments.crm;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(properties = { "department.name=crm", "department.population.size=300" })
@AutoConfigureWebTestClient
class CrmApiTests {

	@Autowired
	WebTestClient client;

	@Autowired
	CrmAccounts accounts;

	@Test
	void findsAnAccountByIdByAnySpellingOfItsEmailAndByPhone() {
		CrmAccount account = this.accounts.find("ACC-000001").orElseThrow();
		String email = account.primaryContact().email();
		this.client.get()
			.uri("/accounts?email={e}", "  " + email.toUpperCase() + " ")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.content[0].accountId")
			.isEqualTo("ACC-000001");
		this.client.get()
			.uri("/accounts?phone={p}", account.primaryContact().phone())
			.exchange()
			.expectBody()
			.jsonPath("$.content[0].accountId")
			.isEqualTo("ACC-000001");
	}

	@Test
	void pagesThroughSearchResults() {
		this.client.get()
			.uri("/accounts?q=&page=1&size=50")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.content.length()")
			.isEqualTo(50)
			.jsonPath("$.page.number")
			.isEqualTo(1)
			.jsonPath("$.page.totalElements")
			.isEqualTo(this.accounts.search("").size());
	}

	@Test
	void unknownAccountIsNotFound() {
		this.client.get().uri("/accounts/ACC-999999").exchange().expectStatus().isNotFound();
	}

	@Test
	void addsANoteSignedByTheGatewaySubject() {
		this.client.post()
			.uri("/accounts/ACC-000001/notes")
			.header("X-Gateway-Subject", "alice")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"text\":\"Called about renewal\"}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.author")
			.isEqualTo("alice");
		this.client.post()
			.uri("/accounts/ACC-000001/notes")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"text\":\"\"}")
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

}
