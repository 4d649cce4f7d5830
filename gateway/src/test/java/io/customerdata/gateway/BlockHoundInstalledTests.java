package io.customerdata.gateway;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Every test JVM runs under BlockHound (blockhound-junit-platform): a blocking call on a
 * non-blocking thread fails the test that caused it. This proves it is really active on
 * the JDK the build uses, so the other tests' silence means something.
 */
class BlockHoundInstalledTests {

	@Test
	void aBlockingCallOnANonBlockingThreadIsCaught() {
		Mono<String> blocking = Mono.fromCallable(() -> {
			Thread.sleep(1);
			return "slept";
		}).subscribeOn(Schedulers.parallel());
		StepVerifier.create(blocking).expectError(BlockingOperationError.class).verify(Duration.ofSeconds(5));
	}

}
