package io.customerdata.departments.saas;

import io.customerdata.departments.DepartmentProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The vendor's request quota: so many requests per second (HubSpot's and Zendesk's kind
 * of limit; one more is a 429) and so many per day (Salesforce's).
 */
@Component
@ConditionalOnProperty(name = "department.dialect", havingValue = "saas")
public class Quota {

	private final int perSecond;

	private final long perDay;

	private long second = -1;

	private int usedThisSecond;

	private long usedToday;

	public Quota(DepartmentProperties department) {
		this.perSecond = department.saas().requestsPerSecond();
		this.perDay = department.saas().dailyRequests();
	}

	/** The state of the quota after one more request, which may be over it. */
	public record Use(boolean allowed, int limit, int remaining, long usedToday, long dailyLimit) {
	}

	public synchronized Use take() {
		long now = System.currentTimeMillis() / 1000;
		if (now != this.second) {
			this.second = now;
			this.usedThisSecond = 0;
		}
		boolean allowed = this.usedThisSecond < this.perSecond && this.usedToday < this.perDay;
		if (allowed) {
			this.usedThisSecond++;
			this.usedToday++;
		}
		return new Use(allowed, this.perSecond, this.perSecond - this.usedThisSecond, this.usedToday, this.perDay);
	}

}
