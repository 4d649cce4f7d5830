package io.customerdata.gateway;

import java.io.IOException;

import io.customerdata.gateway.testing.ConsoleBrowser;
import io.customerdata.gateway.testing.GatewayClient;
import io.customerdata.gateway.testing.RealStack;
import io.customerdata.gateway.testing.RealStackTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.customerdata.gateway.testing.JsonResponses.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The officers' console in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}), signing in through the real Keycloak: sam edits a draft and
 * submits it, signs out, sue signs in, simulates carol's view under it and approves it.
 * Screenshots of each step go to {@code target/console-screenshots/}. The context is
 * closed afterwards, freeing the port Keycloak redirects to for the access request
 * console test.
 */
@RealStackTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class PolicyConsoleIT {

	static final String CONSOLE = ConsoleBrowser.CONSOLE;

	@RegisterExtension
	final ConsoleBrowser browser = new ConsoleBrowser();

	@Autowired
	GatewayClient gateway;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ConsoleBrowser.serveConsole(registry);
	}

	@Test
	void samSubmitsADraftAndSueApprovesItAfterASimulation() throws IOException {
		this.browser.open(CONSOLE);
		this.browser.signIn("sam");
		this.browser.find("versions");
		this.browser.screenshot("1-versions");

		this.browser.click("new-draft");
		this.browser.find("grants");
		new Select(this.browser.find("effect-support-sees-crm-revenue-band")).selectByValue("allow");
		assertThat(this.browser.find("raw").getAttribute("value")).as("the raw editor follows the form")
			.contains("\"effect\": \"allow\"");
		this.browser.click("validate");
		this.browser.find("valid");
		this.browser.screenshot("2-draft-edited");
		this.browser.click("save-submit");
		this.browser.find("badge-submitted");
		String draft = this.browser.driver().getCurrentUrl().replaceAll(".*#/versions/(\\d+).*", "$1");
		assertThat(this.browser.driver().findElements(ConsoleBrowser.testId("step-approve")))
			.as("sam may not approve his own draft")
			.isEmpty();
		this.browser.screenshot("3-submitted-by-sam");

		this.browser.click("sign-out");
		this.browser.signIn("sue");
		this.browser.open(CONSOLE + "#/versions/" + draft);
		this.browser.waitForClickable("step-approve");
		assertThat(this.browser.find("attribute-sources").getText())
			.as("where each source's records take their region and sensitivity from, and the fallbacks")
			.contains("marketing region the record → linked crm records unknown: in no region")
			.contains("marketing sensitivity the record → linked crm records default: standard")
			.contains("crm sensitivity the record unknown: restricted");
		this.browser.find("sim-customer").sendKeys(customer());
		new Select(this.browser.find("sim-subject")).selectByValue("carol");
		new Select(this.browser.find("sim-purpose")).selectByValue("support-case");
		this.browser.click("sim-run");
		this.browser.waitForText("sim-more", "1");
		assertThat(this.browser.find("simulation").getText()).contains("sales.annual_revenue").contains("mask:range");
		this.browser.screenshot("4-simulated-by-sue", "simulation");

		this.browser.find("comment").sendKeys("Support may see revenue to prioritise, agreed with sales");
		this.browser.click("step-approve");
		this.browser.find("badge-approved");
		this.browser.screenshot("5-approved-by-sue");

		JsonNode version = ok(this.gateway.as("sam").get().uri("/admin/policies/" + draft).exchange());
		assertThat(version.path("state").asString()).isEqualTo("approved");
		assertThat(version.path("history").findValuesAsString("actor")).containsExactly("sam", "sam", "sam", "sue");
		assertThat(version.at("/history/3/comment").asString()).startsWith("Support may see revenue");
	}

	private static String customer() {
		return RealStack.findCustomer((a) -> a.path("region").asString().equals("EMEA")
				&& !a.path("classification").asString().equals("restricted"));
	}

}
