package io.customerdata.gateway.sources.connector;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.customerdata.gateway.sources.FederationProperties.PaginationStyle;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourceAuth;
import io.customerdata.gateway.testing.MutableClock;
import io.customerdata.gateway.testing.ScriptedServer.Reply;
import io.customerdata.gateway.testing.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each pagination style as its vendor answers it, against a local server paging ten
 * records three at a time; with the page and result caps.
 */
class SourcePaginationTests {

	final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));

	ScriptedServer server;

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void followsSalesforceRelativeNextRecordsUrls() {
		this.server = new ScriptedServer((request) -> {
			int page = request.pathAndQuery().startsWith("/services/data/v60.0/query/01g-")
					? Integer.parseInt(request.pathAndQuery().substring("/services/data/v60.0/query/01g-".length()))
					: 0;
			return Reply.json(page(page, "\"nextRecordsUrl\": "
					+ ((page < 3) ? "\"/services/data/v60.0/query/01g-" + (page + 1) + "\"" : "null")));
		});
		List<JsonNode> records = fetch("/services/data/v60.0/query?q=SELECT Id FROM Contact",
				Sources.pages(PaginationStyle.NEXT_URL, "nextRecordsUrl", null, 10, 100), null);

		assertThat(ids(records)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
		assertThat(this.server.requests()).hasSize(4);
	}

	@Test
	void followsAbsoluteNextPageUrlsOnTheSameHostOnly() {
		this.server = new ScriptedServer((request) -> {
			int page = request.pathAndQuery().contains("page=")
					? Integer.parseInt(request.pathAndQuery().replaceAll(".*page=", "")) : 0;
			String next = (page == 0) ? this.server.baseUrl() + "/api/v2/users/search.json?query=x&page=1"
					: "http://attacker.example/steal?page=2";
			return Reply.json(page(page, "\"next_page\": \"" + next + "\""));
		});
		List<JsonNode> records = fetch("/api/v2/users/search.json?query=x",
				Sources.pages(PaginationStyle.NEXT_URL, "next_page", null, 10, 100), null);

		assertThat(ids(records)).containsExactly(0, 1, 2, 3, 4, 5);
		assertThat(this.server.requests()).hasSize(2);
	}

	@Test
	void stopsWhenHasMoreIsFalse() {
		this.server = new ScriptedServer((request) -> {
			int page = request.pathAndQuery().contains("page[after]=") ? 1 : 0;
			return Reply
				.json(page(page, "\"links\": {\"next\": \"/api/v2/users?page[after]=c1\"}, \"meta\": {\"has_more\": "
						+ (page == 0) + "}"));
		});
		List<JsonNode> records = fetch("/api/v2/users",
				Sources.pages(PaginationStyle.NEXT_URL, "links.next", "meta.has_more", 10, 100), null);

		assertThat(ids(records)).containsExactly(0, 1, 2, 3, 4, 5);
		assertThat(this.server.requests()).hasSize(2);
	}

	@Test
	void sendsHubSpotsCursorBackInThePostBody() {
		this.server = new ScriptedServer((request) -> {
			int page = request.body().contains("\"after\":\"")
					? Integer.parseInt(request.body().replaceAll(".*\"after\":\"(\\d+)\".*", "$1")) : 0;
			return Reply.json(page(page,
					"\"paging\": " + ((page < 3) ? "{\"next\": {\"after\": \"" + (page + 1) + "\"}}" : "null")));
		});
		List<JsonNode> records = fetch("/crm/v3/objects/contacts/search",
				Sources.pages(PaginationStyle.CURSOR, "paging.next.after", null, 10, 100),
				"{\"filterGroups\": [], \"limit\": 3}");

		assertThat(ids(records)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
		assertThat(this.server.requests()).extracting(ScriptedServer.Request::method).containsOnly("POST");
		assertThat(this.server.requests().get(1).body()).contains("\"limit\":3", "\"after\":\"1\"");
	}

	@Test
	void sendsACursorBackInTheQueryOfAGet() {
		this.server = new ScriptedServer((request) -> {
			int page = request.pathAndQuery().contains("after=")
					? Integer.parseInt(request.pathAndQuery().replaceAll(".*after=", "")) : 0;
			return Reply.json(page(page,
					"\"paging\": " + ((page < 3) ? "{\"next\": {\"after\": \"" + (page + 1) + "\"}}" : "null")));
		});
		fetch("/crm/v3/objects/contacts?limit=3",
				Sources.pages(PaginationStyle.CURSOR, "paging.next.after", null, 10, 100), null);

		assertThat(this.server.requests()).extracting(ScriptedServer.Request::pathAndQuery)
			.containsExactly("/crm/v3/objects/contacts?limit=3", "/crm/v3/objects/contacts?limit=3&after=1",
					"/crm/v3/objects/contacts?limit=3&after=2", "/crm/v3/objects/contacts?limit=3&after=3");
	}

	@Test
	void capsPagesAndResults() {
		this.server = new ScriptedServer((request) -> {
			int page = request.pathAndQuery().contains("after=")
					? Integer.parseInt(request.pathAndQuery().replaceAll(".*after=", "")) : 0;
			return Reply.json(page(page, "\"paging\": {\"next\": {\"after\": \"" + (page + 1) + "\"}}"));
		});
		assertThat(ids(fetch("/c", Sources.pages(PaginationStyle.CURSOR, "paging.next.after", null, 2, 100), null)))
			.containsExactly(0, 1, 2, 3, 4, 5);
		assertThat(ids(fetch("/c", Sources.pages(PaginationStyle.CURSOR, "paging.next.after", null, 10, 4), null)))
			.containsExactly(0, 1, 2, 3);
		assertThat(this.server.requests()).as("2 pages, then 2 pages for 4 results").hasSize(4);
		SourceClient client = Sources.client(this.server.baseUrl(), SourceAuth.NONE, this.clock);
		assertThat(client
			.fetch(new RequestTemplate("GET", "/c", null, Map.of()),
					Sources.pages(PaginationStyle.CURSOR, "paging.next.after", null, 2, 100),
					FederationProperties.ChildPages.NONE, Map.of(), Sources::results, false)
			.block()
			.truncated()).as("a next page was left unread").isTrue();
	}

	@Test
	void completesChildResultsThatPageOnTheirOwnUpToTheirCapAndSaysWhenCut() {
		// Two accounts; the first has seven opportunities, two to a page.
		this.server = new ScriptedServer((request) -> {
			String path = request.pathAndQuery();
			if (path.startsWith("/services/data/v60.0/query/01gOPP-")) {
				int offset = Integer.parseInt(path.substring(path.lastIndexOf('-') + 1));
				return Reply.json(opportunities(offset));
			}
			return Reply.json("{\"totalSize\": 2, \"done\": true, \"records\": [{\"Id\": \"a\", \"Opportunities\": "
					+ opportunities(0) + "}, {\"Id\": \"b\", \"Opportunities\": null}]}");
		});
		FederationProperties.ChildPages children = new FederationProperties.ChildPages(List.of("Opportunities"),
				"records", "nextRecordsUrl", 5);

		SourceClient.Fetched all = fetch(children);
		assertThat(all.truncated()).isFalse();
		JsonNode opportunities = all.records().get(0).path("Opportunities");
		assertThat(opportunities.path("records").valueStream().map((o) -> o.path("Id").asInt())).containsExactly(0, 1,
				2, 3, 4, 5, 6);
		assertThat(opportunities.path("done").asBoolean()).isTrue();
		assertThat(opportunities.has("nextRecordsUrl")).isFalse();
		assertThat(all.records().get(1).path("Opportunities").isNull()).isTrue();
		assertThat(this.server.requests()).hasSize(4);

		SourceClient.Fetched cut = fetch(
				new FederationProperties.ChildPages(List.of("Opportunities"), "records", "nextRecordsUrl", 1));
		assertThat(cut.truncated()).isTrue();
		assertThat(cut.records().get(0).at("/Opportunities/records")).hasSize(4);
		assertThat(cut.records().get(0).at("/Opportunities/done").asBoolean()).isFalse();
	}

	/**
	 * Opportunities {@code offset} and {@code offset + 1} of seven, as a child result.
	 */
	private static String opportunities(int offset) {
		int end = Math.min(7, offset + 2);
		StringBuilder rows = new StringBuilder();
		for (int id = offset; id < end; id++) {
			rows.append((rows.length() > 0) ? "," : "").append("{\"Id\":").append(id).append('}');
		}
		return "{\"totalSize\": 7, \"done\": " + (end == 7) + ", "
				+ ((end < 7) ? "\"nextRecordsUrl\": \"/services/data/v60.0/query/01gOPP-" + end + "\", " : "")
				+ "\"records\": [" + rows + "]}";
	}

	private SourceClient.Fetched fetch(FederationProperties.ChildPages children) {
		return Sources.client(this.server.baseUrl(), SourceAuth.NONE, this.clock)
			.fetch(new RequestTemplate("GET", "/services/data/v60.0/query?q=SELECT Id FROM Account", null, Map.of()),
					FederationProperties.Pagination.NONE, children, Map.of(), (body) -> {
						List<JsonNode> records = new java.util.ArrayList<>();
						body.path("records").forEach(records::add);
						return records;
					}, false)
			.block();
	}

	/** Records 3·page to 3·page+2 of ten, and the paging part. */
	private static String page(int page, String paging) {
		StringBuilder results = new StringBuilder();
		for (int id = 3 * page; id < Math.min(10, 3 * page + 3); id++) {
			results.append((results.length() > 0) ? "," : "").append("{\"id\":").append(id).append('}');
		}
		return "{\"results\": [" + results + "], " + paging + "}";
	}

	private List<JsonNode> fetch(String path, FederationProperties.Pagination pagination, String body) {
		SourceClient client = Sources.client(this.server.baseUrl(), SourceAuth.NONE, this.clock);
		return client
			.fetch(new RequestTemplate((body != null) ? "POST" : "GET", path, body, Map.of()), pagination,
					FederationProperties.ChildPages.NONE, Map.of(), Sources::results, false)
			.block()
			.records();
	}

	private static List<Integer> ids(List<JsonNode> records) {
		return records.stream().map((record) -> record.path("id").asInt()).toList();
	}

}
