package io.customerdata.departments.crm;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import io.customerdata.departments.population.PhoneNumbers;
import org.jspecify.annotations.Nullable;

/**
 * The CRM's accounts as Salesforce's REST API gives them: 18-character ids, custom fields
 * ending in {@code __c}, the primary contact through a lookup
 * ({@code Primary_Contact__r}), opportunities and notes as child relationships
 * ({@code null} when there are none), {@code attributes} on every record, timestamps as
 * {@code 2026-01-02T03:04:05.000+0000}. Phones are as a user typed them (E.164,
 * international or national notation, varying from contact to contact), the billing
 * country is free text beside its ISO {@code countryCode}, and {@code CurrencyIsoCode}
 * exists only in an org with multi-currency on.
 */
final class SalesforceRecords {

	static final String API = "/services/data/v60.0";

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
		.withZone(ZoneOffset.UTC);

	private SalesforceRecords() {
	}

	/** The notations users type phones in, one per contact in turn. */
	private static final List<PhoneNumberFormat> TYPED = List.of(PhoneNumberFormat.NATIONAL,
			PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.E164);

	/**
	 * An account with every field and one record in each child relationship: what a
	 * select list is checked against, whatever the records a query finds.
	 */
	private static final CrmAccount SHAPE = new CrmAccount("ACC-000000", "",
			new CrmAccount.Contact("CON-000000", "", "", "", "+447700900000", ""),
			new CrmAccount.Address("", "", "", "GB"), "", new CrmAccount.Owner("", ""), "", 0, "",
			List.of(new CrmAccount.Deal("DEAL-000000-1", "", BigDecimal.ZERO, "EUR", "", LocalDate.EPOCH)),
			List.of(new CrmAccount.Note("NOTE-000000-1", "", Instant.EPOCH, "")), Instant.EPOCH);

	/** {@code ACC-000123} → {@code 001Q000000000123AAA}-like ids, one per object type. */
	static String id(String prefix, String number) {
		String digits = number.replaceAll("\\D", "");
		return prefix + "Q" + "0".repeat(Math.max(0, 11 - digits.length())) + digits + "AAA";
	}

	static Optional<String> accountNumber(String id) {
		return id.startsWith("001Q") && id.endsWith("AAA") && id.length() == 18
				? Optional.of(String.format("ACC-%06d", Long.parseLong(id.substring(4, 15)))) : Optional.empty();
	}

	static String field(CrmAccount account, String field) {
		return switch (field) {
			case "id" -> id("001", account.accountId());
			case "accountnumber" -> account.accountId();
			case "name" -> account.accountName();
			case "primary_contact__r.email" -> account.primaryContact().email();
			case "primary_contact__r.phone" -> typedPhone(account);
			case "primary_contact__r.name" ->
				account.primaryContact().firstName() + " " + account.primaryContact().lastName();
			default -> throw SalesforceError.invalidField(field, "Account");
		};
	}

	/**
	 * The fields a query filters on must exist, whether any record is compared or not.
	 */
	static void checkFilterFields(Soql soql) {
		soql.conditions().forEach((condition) -> field(SHAPE, condition.field()));
	}

	/**
	 * Text compares as stored: a phone typed nationally is not found by its E.164 form.
	 */
	static boolean matches(CrmAccount account, Soql.Condition condition) {
		return condition.matches(field(account, condition.field()));
	}

	/** An account with every field, to check select lists against. */
	static Map<String, Object> shape(SalesforceOrg org) {
		return account(SHAPE, org);
	}

	static String typedPhone(CrmAccount account) {
		int contact = Integer.parseInt(account.accountId().replaceAll("\\D", ""));
		return PhoneNumbers.format(account.primaryContact().phone(), TYPED.get(contact % TYPED.size()));
	}

	static Map<String, Object> account(CrmAccount account, SalesforceOrg org) {
		Map<String, Object> record = new LinkedHashMap<>();
		String id = id("001", account.accountId());
		record.put("attributes", attributes("Account", id));
		record.put("Id", id);
		record.put("AccountNumber", account.accountId());
		record.put("Name", account.accountName());
		record.put("Region__c", account.region());
		record.put("Classification__c", account.classification());
		record.put("Lifecycle_Stage__c", account.lifecycleStage());
		record.put("AnnualRevenue", (double) account.annualRevenue());
		if (org.multiCurrency()) {
			record.put("CurrencyIsoCode", account.deals().isEmpty() ? "USD" : account.deals().get(0).currency());
		}
		CrmAccount.Address address = account.billingAddress();
		Map<String, Object> billing = new LinkedHashMap<>();
		billing.put("city", address.city());
		billing.put("country", Locale.of("", address.country()).getDisplayCountry(Locale.ENGLISH));
		billing.put("countryCode", address.country());
		billing.put("geocodeAccuracy", null);
		billing.put("latitude", null);
		billing.put("longitude", null);
		billing.put("postalCode", address.postalCode());
		billing.put("state", null);
		billing.put("street", address.street());
		record.put("BillingAddress", billing);
		record.put("Owner", Map.of("attributes", attributes("User", id("005", account.owner().userId())), "Alias",
				account.owner().userId(), "Name", account.owner().name()));
		CrmAccount.Contact contact = account.primaryContact();
		String contactId = id("003", contact.contactId());
		Map<String, Object> primary = new LinkedHashMap<>();
		primary.put("attributes", attributes("Contact", contactId));
		primary.put("Id", contactId);
		primary.put("FirstName", contact.firstName());
		primary.put("LastName", contact.lastName());
		primary.put("Email", contact.email());
		primary.put("Phone", typedPhone(account));
		primary.put("Title", contact.title());
		record.put("Primary_Contact__r", primary);
		record.put("Opportunities", children(account.deals().stream().map((deal) -> {
			String dealId = id("006", deal.dealId());
			Map<String, Object> opportunity = new LinkedHashMap<>();
			opportunity.put("attributes", attributes("Opportunity", dealId));
			opportunity.put("Id", dealId);
			opportunity.put("Name", deal.name());
			opportunity.put("Amount", deal.amount());
			if (org.multiCurrency()) {
				opportunity.put("CurrencyIsoCode", deal.currency());
			}
			opportunity.put("StageName", deal.stage());
			opportunity.put("CloseDate", deal.closeDate().toString());
			return opportunity;
		}).toList()));
		record.put("Notes", children(account.notes().stream().map((note) -> {
			String noteId = id("002", note.noteId());
			Map<String, Object> out = new LinkedHashMap<>();
			out.put("attributes", attributes("Note", noteId));
			out.put("Id", noteId);
			out.put("Title", note.noteId());
			out.put("Body", note.text());
			out.put("CreatedDate", timestamp(note.createdAt()));
			out.put("CreatedBy",
					Map.of("attributes", attributes("User", id("005", note.author())), "Alias", note.author()));
			return out;
		}).toList()));
		record.put("CreatedDate", timestamp(account.createdAt()));
		return record;
	}

	/** A child relationship: {@code null} when empty, as Salesforce answers. */
	private static @Nullable Map<String, Object> children(List<Map<String, Object>> records) {
		return records.isEmpty() ? null : Map.of("totalSize", records.size(), "done", true, "records", records);
	}

	private static Map<String, String> attributes(String type, String id) {
		return Map.of("type", type, "url", API + "/sobjects/" + type + "/" + id);
	}

	static String timestamp(Instant instant) {
		return TIMESTAMP.format(instant);
	}

	static List<Map<String, String>> error(String code, String message) {
		return List.of(Map.of("errorCode", code, "message", message));
	}

}
