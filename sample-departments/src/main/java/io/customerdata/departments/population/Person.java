package io.customerdata.departments.population;

import java.time.Instant;
import java.util.Map;

/**
 * The ground truth about one synthetic customer, before any department records (and
 * garbles) it. Departments derive their own records from it.
 *
 * @param index position in the population, stable for a given seed whatever the size
 * @param email canonical address: lower case, no surrounding space
 * @param phone E.164 number
 * @param country ISO 3166 alpha-2 code
 * @param restricted sensitivity flag: only restricted clearance may see this customer
 * @param consents purpose to whether the customer consented to it
 * @param presence which departments know this customer
 */
public record Person(int index, String firstName, String lastName, String email, String phone, String country,
		Region region, String company, String jobTitle, String street, String city, String postalCode,
		boolean restricted, Map<String, Boolean> consents, Instant firstSeen, Presence presence) {

	/** Which departmental systems hold a record of the person. */
	public record Presence(boolean crm, boolean marketing, boolean support) {

		public int count() {
			return (this.crm ? 1 : 0) + (this.marketing ? 1 : 0) + (this.support ? 1 : 0);
		}

	}

	public String fullName() {
		return this.firstName + " " + this.lastName;
	}

}
