package io.customerdata.gateway.sources.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * A source's throttling signals, as SaaS APIs give them, and the pause they call for:
 * <ul>
 * <li>429, for {@code Retry-After} (seconds or a date), HubSpot's
 * {@code X-HubSpot-RateLimit-Interval-Milliseconds}, or the default pause;</li>
 * <li>Salesforce's 403 {@code REQUEST_LIMIT_EXCEEDED};</li>
 * <li>on any answer, an exhausted quota: {@code X-HubSpot-RateLimit-Remaining: 0},
 * Zendesk's {@code X-Rate-Limit-Remaining: 0}, Salesforce's
 * {@code Sforce-Limit-Info: api-usage=N/N}.</li>
 * </ul>
 * While paused, calls are refused before they leave the gateway.
 */
public final class Throttle {

	static final String REQUEST_LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED";

	private static final Pattern API_USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

	private final Duration defaultPause;

	private final Clock clock;

	private volatile Instant pausedUntil = Instant.MIN;

	public Throttle(Duration defaultPause, Clock clock) {
		this.defaultPause = defaultPause;
		this.clock = clock;
	}

	public boolean paused() {
		return this.clock.instant().isBefore(this.pausedUntil);
	}

	/**
	 * Reads an answer's signals.
	 * @param errorBody the start of a 403's body, where Salesforce names the limit
	 * @return whether this answer itself is a throttling refusal
	 */
	public boolean observe(int status, HttpHeaders headers, @Nullable String errorBody) {
		if (status == 429) {
			pause(retryAfter(headers));
			return true;
		}
		if (status == 403 && errorBody != null && errorBody.contains(REQUEST_LIMIT_EXCEEDED)) {
			pause(retryAfter(headers));
			return true;
		}
		if (exhausted(headers)) {
			pause(retryAfter(headers));
		}
		return false;
	}

	private static boolean exhausted(HttpHeaders headers) {
		if ("0".equals(headers.getFirst("X-HubSpot-RateLimit-Remaining"))
				|| "0".equals(headers.getFirst("X-Rate-Limit-Remaining"))) {
			return true;
		}
		String usage = headers.getFirst("Sforce-Limit-Info");
		if (usage != null) {
			Matcher matcher = API_USAGE.matcher(usage);
			return matcher.find() && Long.parseLong(matcher.group(1)) >= Long.parseLong(matcher.group(2));
		}
		return false;
	}

	private Duration retryAfter(HttpHeaders headers) {
		String retryAfter = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (retryAfter != null) {
			if (retryAfter.strip().matches("\\d{1,6}")) {
				return Duration.ofSeconds(Long.parseLong(retryAfter.strip()));
			}
			try {
				return Duration.between(this.clock.instant(),
						ZonedDateTime.parse(retryAfter, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
			}
			catch (DateTimeParseException ex) {
				return this.defaultPause;
			}
		}
		String interval = headers.getFirst("X-HubSpot-RateLimit-Interval-Milliseconds");
		if (interval != null && interval.matches("\\d{1,9}")) {
			return Duration.ofMillis(Long.parseLong(interval));
		}
		return this.defaultPause;
	}

	private void pause(Duration pause) {
		Instant until = this.clock.instant().plus(pause.isNegative() ? Duration.ZERO : pause);
		if (until.isAfter(this.pausedUntil)) {
			this.pausedUntil = until;
		}
	}

}
