package io.customerdata.departments.crm;

/**
 * A request Salesforce refuses with a 400 and an error array: the {@code errorCode} and
 * message it documents for the case.
 */
final class SalesforceError extends RuntimeException {

	private final String errorCode;

	private SalesforceError(String errorCode, String message) {
		super(message, null, false, false);
		this.errorCode = errorCode;
	}

	String errorCode() {
		return this.errorCode;
	}

	/** A query this imitation cannot read or run. */
	static SalesforceError malformedQuery(String message) {
		return new SalesforceError("MALFORMED_QUERY", message);
	}

	/** A search this imitation cannot read or run. */
	static SalesforceError malformedSearch(String message) {
		return new SalesforceError("MALFORMED_SEARCH", message);
	}

	/**
	 * A field the object does not have, anywhere in the query: the whole query fails,
	 * whatever the records.
	 */
	static SalesforceError invalidField(String field, String entity) {
		return new SalesforceError("INVALID_FIELD", "No such column '" + field + "' on entity '" + entity
				+ "'. If you are attempting to use a custom field, be sure to append the '__c' after the custom "
				+ "field name. Please reference your WSDL or the describe call for the appropriate names.");
	}

	/** A value that is not 15 or 18 characters of a Salesforce Id's alphabet. */
	static SalesforceError malformedId(String entity, String id) {
		return new SalesforceError("MALFORMED_ID", entity + " ID: id value of incorrect type: " + id);
	}

}
