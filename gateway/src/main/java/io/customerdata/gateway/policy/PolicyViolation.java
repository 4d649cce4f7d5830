package io.customerdata.gateway.policy;

/**
 * One thing wrong with a policy document.
 *
 * @param pointer where, as a JSON pointer (RFC 6901) into the document
 * @param message what, for the security officer who wrote it
 */
public record PolicyViolation(String pointer, String message) {

	@Override
	public String toString() {
		return this.pointer + ": " + this.message;
	}

}
