package io.customerdata.departments.crm;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An account as the CRM stores it: the customer, its primary contact, owner, pipeline and
 * the sales team's notes.
 */
public record CrmAccount(String accountId, String accountName, Contact primaryContact, Address billingAddress,
		String region, Owner owner, String lifecycleStage, long annualRevenue, String classification, List<Deal> deals,
		List<Note> notes, Instant createdAt) {

	public record Contact(String contactId, String firstName, String lastName, String email, String phone,
			String title) {
	}

	public record Address(String street, String city, String postalCode, String country) {
	}

	public record Owner(String userId, String name) {
	}

	public record Deal(String dealId, String name, BigDecimal amount, String currency, String stage,
			LocalDate closeDate) {
	}

	public record Note(String noteId, String author, Instant createdAt, String text) {
	}

	CrmAccount withNote(Note note) {
		List<Note> more = new java.util.ArrayList<>(this.notes);
		more.add(note);
		return new CrmAccount(this.accountId, this.accountName, this.primaryContact, this.billingAddress, this.region,
				this.owner, this.lifecycleStage, this.annualRevenue, this.classification, this.deals, List.copyOf(more),
				this.createdAt);
	}

}
