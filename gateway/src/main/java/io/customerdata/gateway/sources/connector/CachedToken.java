package io.customerdata.gateway.sources.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One token, shared: every caller waiting while it is requested gets the same answer (100
 * concurrent lookups on a cold cache make one token request); it is renewed
 * {@code refresh-before} its expiry (or at half its life, if that is sooner), or at once
 * when the source refused it. A failed request is not kept: the next call asks again.
 */
final class CachedToken {

	private final Supplier<Mono<AccessToken>> request;

	private final Duration refreshBefore;

	private final Clock clock;

	private final AtomicReference<Entry> current = new AtomicReference<>();

	/** One token request and, once answered, its token and when to renew it. */
	private final class Entry {

		final Mono<AccessToken> token;

		volatile @Nullable AccessToken resolved;

		volatile Instant renewAt = Instant.MAX;

		Entry() {
			this.token = CachedToken.this.request.get().doOnNext((token) -> {
				Instant now = CachedToken.this.clock.instant();
				Duration life = Duration.between(now, token.expiresAt());
				Duration early = (CachedToken.this.refreshBefore.compareTo(life.dividedBy(2)) < 0)
						? CachedToken.this.refreshBefore : life.dividedBy(2);
				this.renewAt = token.expiresAt().minus(early);
				this.resolved = token;
			}).cache((token) -> Duration.ofDays(1), (error) -> Duration.ZERO, () -> Duration.ZERO);
		}

	}

	CachedToken(Supplier<Mono<AccessToken>> request, Duration refreshBefore, Clock clock) {
		this.request = request;
		this.refreshBefore = refreshBefore;
		this.clock = clock;
	}

	Mono<AccessToken> get() {
		return Mono.defer(() -> {
			Entry entry = this.current.get();
			if (entry == null) {
				entry = renew(null);
			}
			Entry held = entry;
			return held.token
				.flatMap((token) -> this.clock.instant().isBefore(held.renewAt) ? Mono.just(token) : renew(held).token);
		});
	}

	/**
	 * The source refused this token: the next call gets a new one (once, however many saw
	 * it refused).
	 */
	void rejected(AccessToken stale) {
		Entry entry = this.current.get();
		if (entry != null && entry.resolved == stale) {
			renew(entry);
		}
	}

	private Entry renew(@Nullable Entry stale) {
		Entry next = new Entry();
		return this.current.compareAndSet(stale, next) ? next : this.current.get();
	}

}
