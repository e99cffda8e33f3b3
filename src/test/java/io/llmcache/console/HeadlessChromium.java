package io.llmcache.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's ChromeDriver: nothing is
 * downloaded at run time. Installs both first (src/test/browser/install-chromium.sh) when
 * they are missing.
 */
final class HeadlessChromium {

	private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path
		.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));

	private static final Path INSTALLER = Path.of("src/test/browser/install-chromium.sh");

	private HeadlessChromium() {
	}

	/**
	 * Starts a browser with an empty profile of its own.
	 * @param profile a new directory for the profile
	 * @return the driver
	 */
	static ChromeDriver start(Path profile) {
		ensureInstalled();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// The flags keep Chromium off the network it has no business with (this machine
		// refuses it) and let it run as root in a container.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-extensions", "--window-size=1280,1000", "--lang=en-US",
				"--user-data-dir=" + profile.toAbsolutePath());
		options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.withTimeout(Duration.ofSeconds(30))
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
		return driver;
	}

	private static synchronized void ensureInstalled() {
		if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
			return;
		}
		try {
			Process install = new ProcessBuilder("bash", INSTALLER.toString()).redirectErrorStream(true).start();
			String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (install.waitFor() != 0) {
				throw new IllegalStateException(
						"Chromium could not be installed for the console's browser tests:\n" + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
