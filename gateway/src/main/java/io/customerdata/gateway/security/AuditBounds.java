package io.customerdata.gateway.security;

/**
 * The bounds of every value a caller controls: how long a value the audit trail's tables
 * hold ({@code db/migration}), and so the most a caller may send of anything that ends up
 * in them (kept here, with the other request limits, since every edge checks them): the
 * edges refuse a longer value with a {@code value-too-long} problem before it is
 * recorded, rather than let its event be refused by the database.
 * {@code AuditSchemaBoundsTests} checks each bound against the columns it reaches, as the
 * migrations declare them.
 */
public final class AuditBounds {

	/**
	 * A purpose ({@code X-Purpose}, an access request's): {@code audit_event.purpose},
	 * {@code access_request.purpose}, {@code insight_field.purpose}.
	 */
	public static final int PURPOSE = 100;

	/**
	 * A customer reference ({@code source:id}, an e-mail address, a phone number), as a
	 * lookup, a search or an access request names it:
	 * {@code audit_event_record.record_id}, {@code access_request.customer}.
	 */
	public static final int REFERENCE = 255;

	/**
	 * Search text ({@code q}): shorter than a reference, since a search matches on part
	 * of one.
	 */
	public static final int SEARCH_TEXT = 100;

	/**
	 * What a person writes for the record (an access request's justification, an
	 * officer's comment): {@code access_request.justification},
	 * {@code access_request.decision_comment}, {@code policy_transition.comment}.
	 */
	public static final int FREE_TEXT = 2000;

	/** A subject's name: {@code audit_event.subject}. */
	public static final int SUBJECT = 255;

	/** A source's name: {@code audit_event_record.source}. */
	public static final int SOURCE = 64;

	/** {@code audit_event.action}. */
	public static final int ACTION = 20;

	private AuditBounds() {
	}

}
