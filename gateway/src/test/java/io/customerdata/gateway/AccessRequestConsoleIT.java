package io.customerdata.gateway;

import java.io.IOException;

import io.customerdata.gateway.testing.ConsoleBrowser;
import io.customerdata.gateway.testing.GatewayClient;
import io.customerdata.gateway.testing.RealStack;
import io.customerdata.gateway.testing.RealStackTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access requests in the console, in a real headless Chromium signing in through the real
 * Keycloak: carol, no security officer, files a request for the deal amounts from "My
 * access"; sam finds it in the queue, sees what approving adds and approves it; carol
 * finds her grant in force, and her next lookup shows the amounts; the insights count the
 * request and her refusal. Screenshots of each step go to
 * {@code target/console-screenshots/}. The context is closed afterwards, so that the
 * policy console's test can have the port that Keycloak redirects to.
 */
@RealStackTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class AccessRequestConsoleIT {

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
	void carolFilesARequestFromMyAccessAndSamApprovesItFromTheQueue() throws IOException {
		String customer = customer();
		assertThat(amounts(carolsView(customer))).as("withheld before").isZero();

		this.browser.open(CONSOLE);
		this.browser.signIn("carol");
		this.browser.find("request-fields").sendKeys("crm:sales.deals[].amount");
		this.browser.find("request-purpose").sendKeys("support-case");
		new Select(this.browser.find("request-duration")).selectByValue("P1D");
		this.browser.find("request-justification").sendKeys("The customer disputes a renewal amount on ticket 4711.");
		assertThat(this.browser.driver().findElements(ConsoleBrowser.testId("nav-my-access"))).hasSize(1);
		assertThat(this.browser.driver().findElement(By.cssSelector("[data-nav='requests']")).isDisplayed())
			.as("no queue for carol")
			.isFalse();
		this.browser.click("request-file");
		this.browser.waitForText("my-requests", "pending");
		this.browser.screenshot("access-1-carol-filed-a-request");

		this.browser.click("sign-out");
		this.browser.signIn("sam");
		this.browser.open(CONSOLE + "#/requests");
		WebElement queue = this.browser.find("queue");
		assertThat(queue.getText()).contains("carol").contains("crm:sales.deals[].amount").contains("support-case");
		this.browser.screenshot("access-2-sams-queue");
		queue.findElement(By.linkText("carol")).click();
		assertThat(this.browser.find("request-simulation").getText()).contains("sales.deals[].amount")
			.contains("deny")
			.contains("allow");
		assertThat(this.browser.find("request-refusals").getText()).as("her lookup above").contains("view");
		this.browser.screenshot("access-3-what-approving-adds", "request-simulation");
		this.browser.click("request-approve");
		this.browser.find("badge-active");
		this.browser.screenshot("access-4-approved-by-sam");
		this.browser.open(CONSOLE + "#/insights?grain=day");
		this.browser.waitForText("funnel", "approved");
		assertThat(this.browser.find("funnel").getText()).contains("1\nrequested").contains("1\napproved");
		this.browser.click("insights-refresh");
		this.browser.waitForText("unmet-demand", "support-agent");
		assertThat(this.browser.find("unmet-demand").getText()).as("carol's lookup").contains("sales.deals[].amount");
		this.browser.screenshot("access-5-insights");

		this.browser.click("sign-out");
		this.browser.signIn("carol");
		this.browser.waitForText("my-requests", "in force");
		this.browser.screenshot("access-6-carols-grant-in-force");
		assertThat(amounts(carolsView(customer))).as("shown after approval").isPositive();
	}

	private JsonNode carolsView(String customer) {
		return this.gateway.view("carol", customer, "support-case");
	}

	private static long amounts(JsonNode view) {
		return view.at("/sales/deals").valueStream().filter((deal) -> deal.has("amount")).count();
	}

	private static String customer() {
		return RealStack.findCustomer((a) -> a.path("region").asString().equals("EMEA") && a.path("deals").size() > 0
				&& !a.path("classification").asString().equals("restricted"));
	}

}
