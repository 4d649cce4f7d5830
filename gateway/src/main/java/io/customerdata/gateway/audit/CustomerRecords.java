package io.customerdata.gateway.audit;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Which records, across every source, belong to the customer a reference names: how the
 * trail finds every event about a customer, whichever of their ids, e-mail addresses or
 * phone numbers an officer asks by. The unified view's resolution answers it; the trail
 * sees record ids only, never a field.
 */
public interface CustomerRecords {

	/** The records as {@code source:id}; a problem if the reference is not valid. */
	Mono<List<String>> records(String reference);

}
