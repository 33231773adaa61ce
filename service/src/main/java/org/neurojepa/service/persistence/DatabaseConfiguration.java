package org.neurojepa.service.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.neurojepa.service.config.DatabaseProperties;
import org.neurojepa.service.config.NodeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service's DataSource: the configured PostgreSQL, or the embedded one. */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedPostgresHolder embeddedPostgres(DatabaseProperties database, NodeProperties node) {
    return database.embedded()
        ? new EmbeddedPostgresHolder(EmbeddedPostgresServer.start(node.dataDir(), database.embeddedPort()))
        : new EmbeddedPostgresHolder(null);
  }

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(DatabaseProperties database, EmbeddedPostgresHolder embedded) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("neurojepa");
    config.setMaximumPoolSize(database.maxConnections());
    if (database.embedded()) {
      EmbeddedPostgresServer server = embedded.server();
      config.setJdbcUrl(server.jdbcUrl());
      config.setUsername("postgres");
    } else {
      config.setJdbcUrl(database.url());
      config.setUsername(database.username());
      config.setPassword(database.password());
    }
    return new HikariDataSource(config);
  }

  /** Holds the embedded server, if any; the DataSource depends on it, so it is closed first. */
  record EmbeddedPostgresHolder(EmbeddedPostgresServer server) implements AutoCloseable {
    @Override
    public void close() {
      if (server != null) {
        server.close();
      }
    }
  }

}
