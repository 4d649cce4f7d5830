package io.customerdata.gateway.observability;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedIdTests {

	@Test
	void isAVersion7UuidCarryingItsTime() {
		UUID id = TimeOrderedId.at(1_795_595_166_000L);
		assertThat(id.version()).isEqualTo(7);
		assertThat(id.variant()).isEqualTo(2);
		assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(1_795_595_166_000L);
	}

	@Test
	void sortsByTimeAndDoesNotRepeat() {
		assertThat(TimeOrderedId.at(1000).toString()).isLessThan(TimeOrderedId.at(2000).toString());
		Set<UUID> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			ids.add(TimeOrderedId.next());
		}
		assertThat(ids).hasSize(10_000);
	}

}
