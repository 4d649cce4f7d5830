package io.customerdata.gateway.sources.connector;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.customerdata.gateway.sources.FederationProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Child results that page on their own inside a record (Salesforce's
 * {@code Opportunities} of an Account, with {@code done} and {@code nextRecordsUrl}):
 * each further page's rows are added to the result and its own fields replace the
 * result's, so a finished result reads as if it had come in one piece. Links are followed
 * on the page's host only; one that is not, or a result still unfinished at the cap, is
 * left as it is and reported, never dropped silently.
 */
final class ChildResults {

	private final FederationProperties.ChildPages pages;

	private final Function<URI, Mono<JsonNode>> get;

	/**
	 * @param get fetches one page, as the source's other requests are sent
	 */
	ChildResults(FederationProperties.ChildPages pages, Function<URI, Mono<JsonNode>> get) {
		this.pages = pages;
		this.get = get;
	}

	/**
	 * The record with its child results completed.
	 * @param base what links are resolved against: where the record came from
	 * @param truncated set when a child result is left unfinished
	 */
	Mono<JsonNode> complete(JsonNode record, URI base, AtomicBoolean truncated) {
		if (this.pages.relationships().isEmpty() || !(record instanceof ObjectNode object)) {
			return Mono.just(record);
		}
		ObjectNode completed = object.deepCopy();
		return Flux.fromIterable(this.pages.relationships())
			.filter((relationship) -> completed.get(relationship) instanceof ObjectNode)
			.concatMap((relationship) -> follow((ObjectNode) completed.get(relationship), base, truncated, 0))
			.then(Mono.just(completed));
	}

	private Mono<Void> follow(ObjectNode result, URI base, AtomicBoolean truncated, int followed) {
		JsonNode next = result.path(this.pages.next());
		if (!next.isString() || next.asString().isBlank()) {
			return Mono.empty();
		}
		Optional<URI> link = Pages.sameOrigin(base, next.asString());
		if (followed >= this.pages.maxPages() || link.isEmpty()) {
			truncated.set(true);
			return Mono.empty();
		}
		return this.get.apply(link.get()).flatMap((page) -> {
			ArrayNode rows = result.withArray(this.pages.records());
			page.path(this.pages.records()).forEach(rows::add);
			result.remove(this.pages.next());
			page.properties().forEach((field) -> {
				if (!field.getKey().equals(this.pages.records())) {
					result.set(field.getKey(), field.getValue());
				}
			});
			return follow(result, base, truncated, followed + 1);
		});
	}

}
