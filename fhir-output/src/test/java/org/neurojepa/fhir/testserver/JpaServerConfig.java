package org.neurojepa.fhir.testserver;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.MemoryBinaryStorageSvcImpl;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import jakarta.persistence.EntityManagerFactory;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/** A HAPI FHIR JPA server for R4 on H2, the same storage engine HAPI's own JPA tests use. */
@Configuration
@Import({JpaR4Config.class, HapiJpaConfig.class, JpaBatch2Config.class, Batch2JobsConfig.class,
    ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig.class,
    ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig.class})
public class JpaServerConfig {
  /** H2 URL; set by {@link JpaFhirServer} before the context starts. */
  static String jdbcUrl = "jdbc:h2:mem:fhir;DB_CLOSE_DELAY=-1";

  @Bean
  public DataSource dataSource() {
    BasicDataSource ds = new BasicDataSource();
    ds.setDriver(new org.h2.Driver());
    ds.setUrl(jdbcUrl);
    ds.setUsername("sa");
    ds.setPassword("");
    ds.setMaxTotal(8);
    return ds;
  }

  @Bean
  public JpaStorageSettings storageSettings() {
    JpaStorageSettings s = new JpaStorageSettings();
    s.setAllowMultipleDelete(true);
    return s;
  }

  @Bean
  public ca.uhn.fhir.jpa.model.config.PartitionSettings partitionSettings() {
    return new ca.uhn.fhir.jpa.model.config.PartitionSettings();
  }

  @Bean
  public LocalContainerEntityManagerFactoryBean entityManagerFactory(
      ConfigurableListableBeanFactory beanFactory, FhirContext fhirContext, JpaStorageSettings settings) {
    LocalContainerEntityManagerFactoryBean emf =
        HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, settings);
    emf.setPersistenceUnitName("HAPI_PU");
    emf.setDataSource(dataSource());
    Properties p = new Properties();
    p.put("hibernate.dialect", HapiFhirH2Dialect.class.getName());
    p.put("hibernate.hbm2ddl.auto", "update");
    p.put("hibernate.search.enabled", "false");
    p.put("hibernate.format_sql", "false");
    p.put("hibernate.show_sql", "false");
    emf.setJpaProperties(p);
    return emf;
  }

  @Bean
  @Primary
  public JpaTransactionManager transactionManager(EntityManagerFactory emf) {
    return new JpaTransactionManager(emf);
  }

  @Bean
  public IBinaryStorageSvc binaryStorage() {
    return new MemoryBinaryStorageSvcImpl();
  }

  @Bean
  public RestfulServer restfulServer(IFhirSystemDao<?, ?> systemDao, ResourceProviderFactory providers,
      IJpaSystemProvider systemProvider, DatabaseBackedPagingProvider paging, DaoRegistry daoRegistry) {
    RestfulServer server = new RestfulServer(systemDao.getContext());
    server.registerProviders(providers.createProviders());
    server.registerProvider(systemProvider);
    server.setPagingProvider(paging);
    return server;
  }
}
