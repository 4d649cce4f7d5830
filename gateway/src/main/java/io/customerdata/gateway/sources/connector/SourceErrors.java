package io.customerdata.gateway.sources.connector;

/**
 * How a call to a source went wrong, by what the connector does next. None carries the
 * source's body: a vendor's error text never reaches a caller or a log.
 */
public final class SourceErrors {

	private SourceErrors() {
	}

	/** A 4xx: the request is wrong, asking again will not help. */
	public static final class Rejected extends RuntimeException {

		private final int status;

		public Rejected(int status) {
			super("source answered " + status, null, false, false);
			this.status = status;
		}

		public int status() {
			return this.status;
		}

	}

	/** A 5xx or another unusable answer: worth one retry. */
	public static final class Failed extends RuntimeException {

		private final int status;

		public Failed(int status) {
			super("source answered " + status, null, false, false);
			this.status = status;
		}

		public int status() {
			return this.status;
		}

	}

	/**
	 * The source throttles, or the gateway's budget for it is spent: the source is
	 * {@code rate-limited}, which is not a failure of the source.
	 */
	public static final class RateLimited extends RuntimeException {

		public RateLimited(String why) {
			super(why, null, false, false);
		}

	}

	/**
	 * The department application would have to act as the caller (JWT bearer
	 * credentials), and the caller has no user there the gateway can name, or the
	 * application refused it. Never a reason to fall back to the gateway's own user; a
	 * refusal of one caller, not a failure of the source.
	 */
	public static final class IdentityRefused extends RuntimeException {

		public IdentityRefused(String why) {
			super(why, null, false, false);
		}

	}

}
