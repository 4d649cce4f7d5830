package io.customerdata.departments.crm;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The imitated Salesforce org's settings that change what its API answers.
 *
 * @param multiCurrency whether the org has multi-currency on: only then do records have
 * {@code CurrencyIsoCode}, and a query selecting it elsewhere fails with
 * {@code INVALID_FIELD}. Off, as in a new org
 * @param childPageSize the most child records (a subquery's {@code Opportunities},
 * {@code Notes}) one answer carries per parent; the rest follow the child result's
 * {@code nextRecordsUrl}. Salesforce pages child rows the same way, in larger batches;
 * small here so that demo accounts have several pages
 */
@ConfigurationProperties("department.saas.salesforce")
@Validated
public record SalesforceOrg(@DefaultValue("false") boolean multiCurrency,
		@DefaultValue("2") @Min(1) int childPageSize) {
}
