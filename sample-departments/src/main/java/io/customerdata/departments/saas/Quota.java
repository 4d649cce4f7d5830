package io.customerdata.departments.saas;

import java.time.Clock;
import java.time.Duration;

import io.customerdata.departments.DepartmentProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Salesforce's request quota: so many requests per second (one more is refused) and so
 * many per day, which {@code Sforce-Limit-Info} reports. HubSpot and Zendesk keep their
 * own limits ({@link RateWindow}).
 */
@Component
@ConditionalOnProperty(name = "department.dialect", havingValue = "saas")
public class Quota {

	private final RateWindow perSecond;

	private final long perDay;

	private long usedToday;

	public Quota(DepartmentProperties department) {
		this.perSecond = new RateWindow(department.saas().requestsPerSecond(), Duration.ofSeconds(1),
				Clock.systemUTC());
		this.perDay = department.saas().dailyRequests();
	}

	/** The state of the quota after one more request, which may be over it. */
	public record Use(boolean allowed, int limit, int remaining, long usedToday, long dailyLimit) {
	}

	public synchronized Use take() {
		if (this.usedToday >= this.perDay) {
			return new Use(false, 0, 0, this.usedToday, this.perDay);
		}
		RateWindow.Use second = this.perSecond.take();
		if (second.allowed()) {
			this.usedToday++;
		}
		return new Use(second.allowed(), second.limit(), second.remaining(), this.usedToday, this.perDay);
	}

}
