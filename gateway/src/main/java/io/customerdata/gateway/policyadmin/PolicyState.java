package io.customerdata.gateway.policyadmin;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a policy version is in its life: draft → submitted → approved → published. */
public enum PolicyState {

	/** Being written; its author may still change it. */
	DRAFT,
	/** Waiting for a second officer. */
	SUBMITTED,
	/** Approved by a second officer; ready to publish. */
	APPROVED,
	/** Was in force; the one published last is in force now. */
	PUBLISHED,
	/** Turned down by a second officer, with a comment. */
	REJECTED;

	@JsonValue
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	static PolicyState of(String code) {
		return valueOf(code.toUpperCase(Locale.ROOT));
	}

}
