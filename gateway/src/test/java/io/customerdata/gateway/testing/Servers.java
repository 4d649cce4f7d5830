package io.customerdata.gateway.testing;

/** Starting test servers in static initialisers, where checked exceptions cannot go. */
public final class Servers {

	private Servers() {
	}

	/** Something that starts a server, and may fail doing so. */
	public interface Starter<T> {

		T start() throws Exception;

	}

	public static <T> T start(Starter<T> starter) {
		try {
			return starter.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
