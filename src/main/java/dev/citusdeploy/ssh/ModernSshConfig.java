package dev.citusdeploy.ssh;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.hierynomus.sshj.transport.kex.DHGroups;
import com.hierynomus.sshj.transport.kex.ExtInfoClientFactory;
import com.hierynomus.sshj.transport.mac.Macs;
import java.util.List;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.kex.Curve25519SHA256;
import net.schmizz.sshj.transport.kex.ECDHNistP;

/**
 * sshj's defaults narrowed to what OpenSSH has offered for a decade, strongest first, on the JDK's
 * own cryptography: key exchange over Curve25519 or the NIST curves (then large SHA-2 Diffie-Hellman
 * groups), AES-GCM or AES-CTR, SHA-2 MACs. No SHA-1 key exchange or MAC, no CBC, no RC4, no
 * 3DES/Blowfish. sshj's own default list tries out some thirty ciphers (most of them for Bouncy
 * Castle) every time it is set up, and registering Bouncy Castle costs more CPU than a server's
 * whole handshake; Java 17 has everything here.
 */
final class ModernSshConfig extends DefaultConfig {

    static ModernSshConfig create() {
        SecurityUtils.setRegisterBouncyCastle(false);
        return new ModernSshConfig();
    }

    private ModernSshConfig() {
        setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
    }

    @Override
    protected void initKeyExchangeFactories() {
        setKeyExchangeFactories(List.of(new Curve25519SHA256.Factory(), new Curve25519SHA256.FactoryLibSsh(),
                new ECDHNistP.Factory521(), new ECDHNistP.Factory384(), new ECDHNistP.Factory256(),
                DHGroups.Group18SHA512(), DHGroups.Group16SHA512(), DHGroups.Group14SHA256(),
                new ExtInfoClientFactory()));
    }

    @Override
    protected void initCipherFactories() {
        setCipherFactories(List.of(GcmCiphers.AES128GCM(), GcmCiphers.AES256GCM(), BlockCiphers.AES128CTR(),
                BlockCiphers.AES192CTR(), BlockCiphers.AES256CTR()));
    }

    @Override
    protected void initMACFactories() {
        setMACFactories(List.of(Macs.HMACSHA2256Etm(), Macs.HMACSHA2512Etm(), Macs.HMACSHA2256(), Macs.HMACSHA2512()));
    }
}
