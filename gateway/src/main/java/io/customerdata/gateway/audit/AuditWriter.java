package io.customerdata.gateway.audit;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes events so that no event can keep the others out of the database. A batch the
 * database refuses for its content is split in halves, down to each event alone; an event
 * still refused is written as malformed ({@link MalformedEvents}: what can be kept, and
 * why) and counted ({@code gateway.audit.events.malformed}). Only a database that is away
 * ({@link DatabaseFailures#away}) stops a batch: {@link DatabaseAway}, and the caller
 * spools it whole (events already written are skipped when it is replayed).
 */
final class AuditWriter {

	private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

	private final AuditRepository repository;

	private final JsonMapper json;

	private final Counter malformed;

	AuditWriter(AuditRepository repository, JsonMapper json, Counter malformed) {
		this.repository = repository;
		this.json = json;
		this.malformed = malformed;
	}

	/**
	 * Every event is in the database when this returns, some perhaps as malformed.
	 * @throws DatabaseAway if the database cannot be reached or takes nothing at all
	 */
	void write(List<AuditRepository.Stored> events) {
		if (events.isEmpty()) {
			return;
		}
		try {
			this.repository.insert(events);
		}
		catch (RuntimeException ex) {
			if (DatabaseFailures.away(ex)) {
				throw new DatabaseAway(ex);
			}
			if (events.size() == 1) {
				writeMalformed(events.get(0).event(), DatabaseFailures.describe(ex));
				return;
			}
			int half = events.size() / 2;
			write(events.subList(0, half));
			write(events.subList(half, events.size()));
		}
	}

	/**
	 * Writes what can be kept of a refused event. If the database refuses even that, it
	 * is not the event's content: the database is treated as away.
	 */
	void writeMalformed(AuditEvent refused, String why) {
		AuditEvent kept = MalformedEvents.of(refused, "refused by the database: " + why);
		try {
			this.repository.insert(List.of(new AuditRepository.Stored(kept, this.json.writeValueAsString(kept))));
		}
		catch (RuntimeException ex) {
			throw new DatabaseAway(ex);
		}
		this.malformed.increment();
		log.warn("Audit event {} written as malformed: {}", kept.id(), kept.malformed());
	}

	/** The database cannot take events now: they wait in the spool. */
	static final class DatabaseAway extends RuntimeException {

		DatabaseAway(RuntimeException cause) {
			super(cause.getClass().getSimpleName(), cause, false, false);
		}

	}

}
