package io.customerdata.departments.chaos;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.customerdata.departments.DepartmentProperties;

import org.springframework.stereotype.Component;

/** The current misbehaviour of this department: added latency and an error rate. */
@Component
public class Chaos {

	/** A consistent pair of settings, swapped as one. */
	public record Settings(Duration latency, double errorRate) {

		public Settings {
			if (latency.isNegative() || errorRate < 0 || errorRate > 1) {
				throw new IllegalArgumentException("latency must be >= 0 and errorRate within [0, 1]");
			}
		}

	}

	private final AtomicReference<Settings> settings;

	public Chaos(DepartmentProperties properties) {
		this.settings = new AtomicReference<>(new Settings(properties.latency(), properties.errorRate()));
	}

	public Settings settings() {
		return this.settings.get();
	}

	public void change(Settings settings) {
		this.settings.set(settings);
	}

}
