package io.customerdata.gateway.disclosure;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code gateway.fields{source, view=disclosed|masked|withheld}}: how many fields of each
 * source's records left in clear, left masked or were kept back. Tags are bounded:
 * sources are configuration, views three.
 */
public final class FieldCounts {

	private FieldCounts() {
	}

	/**
	 * @param present the fields that left, masked ones included
	 */
	public static void count(MeterRegistry meters, String source, int present, int masked, int withheld) {
		meters.counter("gateway.fields", "source", source, "view", "disclosed")
			.increment(Math.max(0, present - masked));
		meters.counter("gateway.fields", "source", source, "view", "masked").increment(masked);
		meters.counter("gateway.fields", "source", source, "view", "withheld").increment(withheld);
	}

}
