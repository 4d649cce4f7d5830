package io.customerdata.gateway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.test.context.DynamicPropertyRegistry;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}), signing in through the real Keycloak; elements are found by
 * their {@code data-testid}; screenshots go to {@code target/console-screenshots/}. A
 * JUnit extension: a browser per test ({@code @RegisterExtension}), the test skipped,
 * saying why, where there is no Chromium.
 */
public final class ConsoleBrowser implements BeforeEachCallback, AfterEachCallback {

	/** The port Keycloak's console client redirects to. */
	public static final String PORT = System.getProperty("it.console.port", "18090");

	public static final String CONSOLE = "http://127.0.0.1:" + PORT + "/console/";

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final Path SCREENSHOTS = Path.of(System.getProperty("it.screenshots", "target/console-screenshots"));

	private ChromeDriver browser;

	private WebDriverWait wait;

	/** The gateway under test on the console's port, where Keycloak redirects. */
	public static void serveConsole(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
	}

	@Override
	public void beforeEach(ExtensionContext context) throws IOException {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)");
		Files.createDirectories(SCREENSHOTS);
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
					"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--window-size=1400,1000");
		this.browser = new ChromeDriver(
				new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
	}

	public ChromeDriver driver() {
		return this.browser;
	}

	public void open(String url) {
		this.browser.get(url);
	}

	/** Signs in on Keycloak's page with the demo password, then waits for the console. */
	public void signIn(String user) {
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
		this.browser.findElement(By.id("username")).sendKeys(user);
		this.browser.findElement(By.id("password")).sendKeys(KeycloakRealm.DEMO_PASSWORD);
		this.browser.findElement(By.id("kc-login")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("signed-in"), user));
	}

	public WebElement find(String testId) {
		return this.wait.until(ExpectedConditions.presenceOfElementLocated(testId(testId)));
	}

	public void click(String testId) {
		this.wait.until(ExpectedConditions.elementToBeClickable(testId(testId))).click();
	}

	public void waitForClickable(String testId) {
		this.wait.until(ExpectedConditions.elementToBeClickable(testId(testId)));
	}

	public void waitForText(String testId, String text) {
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(testId(testId), text));
	}

	public static By testId(String testId) {
		return By.cssSelector("[data-testid='" + testId + "']");
	}

	/** The window, scrolled to show the element first. */
	public void screenshot(String name, String testId) throws IOException {
		this.browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", find(testId));
		screenshot(name);
	}

	public void screenshot(String name) throws IOException {
		Files.write(SCREENSHOTS.resolve(name + ".png"), this.browser.getScreenshotAs(OutputType.BYTES));
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (this.browser != null) {
			this.browser.quit();
			this.browser = null;
		}
	}

}
