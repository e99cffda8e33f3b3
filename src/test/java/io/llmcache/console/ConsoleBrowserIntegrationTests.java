package io.llmcache.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser (Debian's headless Chromium) against the service on a
 * real Redis: a wrong key is refused; sign in, see a lookup counted, explain, invalidate
 * with a dry run and a confirmation, see the audit record, edit a policy, and see none of
 * it with another tenant's key. Takes a screenshot of each page: into
 * {@code target/console-screenshots}, or into the directory named by
 * {@code -Dconsole.screenshots=docs/images} to refresh the documentation's.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ConsoleBrowserIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final String TTL = "\"defaultTtlSeconds\": \\d+";

	@LocalServerPort
	int port;

	@TempDir
	Path profile;

	ChromeDriver browser;

	ApiClient api;

	String namespace;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
		this.namespace = "console-" + Long.toHexString(System.nanoTime());
		this.browser = HeadlessChromium.start(this.profile);
	}

	@AfterEach
	void tearDown() {
		this.browser.quit();
	}

	@Test
	void anOperatorSeesWhatTheCacheSavesAndActsOnItWithinTheirTenantOnly(CapturedOutput output) {
		store("What is the refund policy?", "doc:1");
		store("How do I reset my password?", "doc:2");

		open();
		screenshot("sign-in");
		fill("api-key", "not-a-key");
		click("sign-in-form", "button");
		awaitText("sign-in-error", "not known");
		assertThat(this.browser.findElement(By.id("app")).isDisplayed()).isFalse();
		signIn(TestApiKeys.ACME_ADMIN);
		assertThat(text("who")).contains("acme-admin").contains("acme");

		tab("lookup");
		fill("lookup-namespace", this.namespace);
		fill("lookup-model", "gpt-priced");
		fill("lookup-text", "What is the refund policy?");
		click("lookup-run");
		awaitText("lookup-verdict", "Hit (exact)");
		screenshot("lookup");
		String entryId = text("lookup-entry");
		click("mark-wrong");
		awaitText("lookup-result", "Recorded");
		assertThat(this.api.get("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN).status()).isEqualTo(200);
		click("explain-run");
		awaitText("explain-result", "would hit (exact)");
		assertThat(text("explain-candidates")).contains("accepted");
		screenshot("explain");

		tab("overview");
		chooseWindow("hour");
		new WebDriverWait(this.browser, WAIT)
			.until((driver) -> driver.findElement(By.cssSelector("#overview-table[data-window='hour']")) != null);
		WebElement row = awaitRow("overview-table", this.namespace, "1");
		assertThat(cell(row, "lookups")).isEqualTo("1");
		assertThat(cell(row, "hit-rate")).isEqualTo("100.0 %");
		assertThat(cell(row, "hits")).contains("exact: 1 (100.0 %)");
		assertThat(cell(row, "entries")).isEqualTo("2");
		// 1,200 prompt and 300 completion tokens at $2.50 and $10 a million
		assertThat(cell(row, "tokens")).startsWith("1,500");
		assertThat(cell(row, "savings")).startsWith("$0.0060").contains("estimated");
		screenshot("overview");

		tab("invalidate");
		fill("inv-namespace", this.namespace);
		fill("inv-tags", "doc:1");
		click("inv-dry-run");
		awaitText("inv-result", "Dry run: 1 live entry matches");
		assertThat(this.browser.findElement(By.id("inv-confirm")).getText()).isEqualTo("Invalidate 1 entry");
		assertThat(lookupHits("What is the refund policy?")).as("a dry run changes nothing").isTrue();
		screenshot("invalidate-dry-run");
		click("inv-confirm");
		awaitText("inv-result", "Invalidated 1 entry");
		assertThat(lookupHits("What is the refund policy?")).isFalse();
		assertThat(lookupHits("How do I reset my password?")).isTrue();
		WebElement audit = awaitRow("audit-table", "invalidate", this.namespace);
		assertThat(audit.getText()).contains("acme-admin").contains("doc:1");
		screenshot("invalidate");

		tab("policies");
		fill("policy-namespace", this.namespace);
		this.browser.findElement(By.cssSelector("#policy-load-form button")).click();
		awaitText("policy-info", "Version 1");
		click("policy-save");
		awaitText("policy-info", "Version 2");
		assertThat(text("policy-info")).as("the policy as shown saves unchanged").contains("Saved.");
		String shown = this.browser.findElement(By.id("policy-text")).getDomProperty("value");
		assertThat(shown).containsPattern(TTL);
		fill("policy-text", shown.replaceFirst(TTL, "\"defaultTtlSeconds\": -5"));
		click("policy-save");
		awaitText("policy-errors", "defaultTtlSeconds: must be greater than 0");
		screenshot("policy-invalid");
		fill("policy-text", shown.replaceFirst(TTL, "\"defaultTtlSeconds\": 600"));
		click("policy-save");
		awaitText("policy-info", "Saved.");
		assertThat(this.api.get("/v1/admin/namespaces/" + this.namespace + "/policy", TestApiKeys.ACME_ADMIN)
			.body()
			.get("defaultTtlSeconds")
			.longValue()).isEqualTo(600);
		screenshot("policies");

		assertTheKeyStaysInThisTab();
		assertThat(output.getAll()).as("the service's logs").doesNotContain(TestApiKeys.ACME_ADMIN);
		assertEveryFieldIsLabelledAndTheTabsFollowTheKeyboard();
		assertNoConsoleErrors();

		click("sign-out");
		new WebDriverWait(this.browser, WAIT).until((driver) -> driver.findElement(By.id("sign-in")).isDisplayed());
		signIn(TestApiKeys.GLOBEX_ADMIN);
		assertThat(text("who")).contains("globex");
		new WebDriverWait(this.browser, WAIT)
			.until((driver) -> !driver.findElements(By.cssSelector("#overview-table[data-window]")).isEmpty());
		assertThat(text("overview-table")).doesNotContain(this.namespace);
		tab("invalidate");
		awaitRows("audit-table");
		assertThat(text("audit-table")).doesNotContain(this.namespace);
		tab("lookup");
		fill("lookup-namespace", this.namespace);
		fill("lookup-model", "gpt-priced");
		fill("lookup-text", "How do I reset my password?");
		click("lookup-run");
		awaitText("lookup-verdict", "Miss");
		assertNoConsoleErrors();
	}

	private void assertTheKeyStaysInThisTab() {
		assertThat(this.browser.getCurrentUrl()).doesNotContain(TestApiKeys.ACME_ADMIN);
		@SuppressWarnings("unchecked")
		List<String> loaded = (List<String>) ((JavascriptExecutor) this.browser)
			.executeScript("return performance.getEntries().map((entry) => entry.name)");
		assertThat(loaded).isNotEmpty().noneMatch((url) -> url.contains(TestApiKeys.ACME_ADMIN));
		assertThat(this.browser.executeScript("return document.cookie")).isEqualTo("");
		assertThat(this.browser.executeScript("return localStorage.length")).isEqualTo(0L);
		String first = this.browser.getWindowHandle();
		this.browser.switchTo().newWindow(WindowType.TAB);
		open();
		assertThat(this.browser.findElement(By.id("sign-in")).isDisplayed()).as("a new tab asks for the key").isTrue();
		this.browser.close();
		this.browser.switchTo().window(first);
	}

	private void assertEveryFieldIsLabelledAndTheTabsFollowTheKeyboard() {
		assertThat(this.browser.executeScript("""
				return [...document.querySelectorAll('input, select, textarea')]
				  .filter((field) => field.type !== 'radio' && field.labels.length === 0)
				  .map((field) => field.id)""")).asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
		tab("overview");
		this.browser.findElement(By.id("tab-overview")).sendKeys(Keys.ARROW_RIGHT);
		new WebDriverWait(this.browser, WAIT).until((driver) -> driver.findElement(By.id("page-lookup")).isDisplayed());
		assertThat(this.browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("tab-lookup");
		this.browser.switchTo().activeElement().sendKeys(Keys.ARROW_LEFT);
		new WebDriverWait(this.browser, WAIT)
			.until((driver) -> driver.findElement(By.id("page-overview")).isDisplayed());
	}

	/** Errors in the browser's console, Content Security Policy violations among them. */
	private void assertNoConsoleErrors() {
		assertThat(browserErrors()).isEmpty();
	}

	private List<String> browserErrors() {
		return this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			// Failed API calls are logged by the browser itself; the pages show them.
			.filter((message) -> !message.contains("the server responded with a status of"))
			.toList();
	}

	private void store(String prompt, String tag) {
		Answer answer = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"gpt-priced","prompt":"%s","tags":["%s"],
				 "response":{"choices":[{"text":"See the help centre."}],
				             "usage":{"prompt_tokens":1200,"completion_tokens":300}}}""".formatted(this.namespace,
				prompt, tag));
		assertThat(answer.status()).isEqualTo(201);
	}

	private boolean lookupHits(String prompt) {
		return this.api.post("/v1/cache/lookup", TestApiKeys.ACME_READER, """
				{"namespace":"%s","model":"gpt-priced","prompt":"%s"}""".formatted(this.namespace, prompt))
			.body()
			.get("hit")
			.booleanValue();
	}

	private void open() {
		this.browser.get("http://127.0.0.1:" + this.port + "/console");
		new WebDriverWait(this.browser, WAIT).until((driver) -> driver.findElement(By.id("sign-in")).isDisplayed());
	}

	private void signIn(String key) {
		fill("api-key", key);
		click("sign-in-form", "button");
		new WebDriverWait(this.browser, WAIT)
			.withMessage(() -> "the console after signing in; the browser logged " + browserErrors())
			.until((driver) -> driver.findElement(By.id("app")).isDisplayed());
	}

	private void tab(String name) {
		click("tab-" + name);
		new WebDriverWait(this.browser, WAIT)
			.until((driver) -> driver.findElement(By.id("page-" + name)).isDisplayed());
	}

	private void chooseWindow(String window) {
		this.browser.findElement(By.cssSelector("input[name='window'][value='" + window + "']")).click();
	}

	private void fill(String id, String value) {
		WebElement field = this.browser.findElement(By.id(id));
		if ("select".equals(field.getTagName())) {
			new Select(field).selectByValue(value);
			return;
		}
		field.clear();
		field.sendKeys(value);
	}

	private void click(String id) {
		this.browser.findElement(By.id(id)).click();
	}

	private void click(String formId, String selector) {
		this.browser.findElement(By.id(formId)).findElement(By.cssSelector(selector)).click();
	}

	private String text(String id) {
		return this.browser.findElement(By.id(id)).getText();
	}

	private void awaitText(String id, String expected) {
		new WebDriverWait(this.browser, WAIT)
			.withMessage(() -> "#" + id + " to show '" + expected + "', shows '" + text(id) + "'")
			.until((driver) -> driver.findElement(By.id(id)).getText().contains(expected));
	}

	/** Waits for a row of a table that contains all of the texts. */
	private WebElement awaitRow(String tableId, String... texts) {
		return new WebDriverWait(this.browser, WAIT)
			.withMessage(() -> "a row of #" + tableId + " with " + String.join(", ", texts) + "; the table shows: "
					+ text(tableId))
			.until((driver) -> driver.findElements(By.cssSelector("#" + tableId + " tbody tr"))
				.stream()
				.filter((row) -> List.of(texts).stream().allMatch(row.getText()::contains))
				.findFirst()
				.orElse(null));
	}

	private void awaitRows(String tableId) {
		new WebDriverWait(this.browser, WAIT)
			.until((driver) -> !driver.findElements(By.cssSelector("#" + tableId + " tbody tr")).isEmpty());
	}

	private static String cell(WebElement row, String field) {
		return row.findElement(By.cssSelector("[data-field='" + field + "']")).getText();
	}

	private void screenshot(String page) {
		Path directory = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
		try {
			Files.createDirectories(directory);
			Path shot = this.browser.getScreenshotAs(OutputType.FILE).toPath();
			Files.copy(shot, directory.resolve("console-" + page + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
