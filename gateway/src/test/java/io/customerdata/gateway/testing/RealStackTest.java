package io.customerdata.gateway.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * An integration test of the gateway on a free port (and a free management port) against
 * the real Keycloak and departments failsafe starts: the gateway's issuer and sources
 * point at them, a {@link GatewayClient} of it can be {@code @Autowired}, and the context
 * is closed after the class, so that no test class sees another's audit trail, policy
 * versions or grants.
 * <p>
 * Settings of the test's own go in {@link #properties()}; they outrank the stack's
 * addresses, as {@code @DynamicPropertySource} outranks both.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextCustomizerFactories(RealStackProperties.class)
@Import(GatewayClient.Registration.class)
@DirtiesContext
public @interface RealStackTest {

	/** Settings ({@code key=value}) of this test's own. */
	@AliasFor(annotation = SpringBootTest.class)
	String[] properties() default {};

	/**
	 * {@code DEFINED_PORT} with {@code server.port} for a gateway that must listen where
	 * Keycloak redirects (the console).
	 */
	@AliasFor(annotation = SpringBootTest.class)
	SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.RANDOM_PORT;

}
