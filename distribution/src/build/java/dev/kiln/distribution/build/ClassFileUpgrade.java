package dev.kiln.distribution.build;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Packaging step: rewrites a jar's Java 5 class files as Java 8 class files with stack map frames, in place.
 *
 * <p>Why: picocli is compiled for Java 5, and the JVM's class-data-sharing archive (and Java 25's ahead-of-time
 * cache) holds no class older than Java 6, so the ~170 picocli classes every command loads were parsed and verified
 * from the jar on each start (about 40 ms of {@code kiln version}). Only the class-file version and the frames
 * change; the code is the library's own, byte for byte. Classes already at Java 6 or newer are copied as they are.
 *
 * <p>Usage: {@code ClassFileUpgrade JAR...}
 */
public final class ClassFileUpgrade {

    private ClassFileUpgrade() {
    }

    public static void main(String[] args) throws IOException {
        for (String jar : args) {
            upgrade(Path.of(jar));
        }
    }

    static void upgrade(Path jar) throws IOException {
        Path upgraded = jar.resolveSibling(jar.getFileName() + ".upgraded");
        int rewritten = 0;
        try (JarFile in = new JarFile(jar.toFile());
                URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                OutputStream file = Files.newOutputStream(upgraded);
                JarOutputStream out = new JarOutputStream(file)) {
            for (JarEntry entry : Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                if (entry.getName().endsWith(".class") && majorVersion(bytes) < Opcodes.V1_6) {
                    bytes = toJava8(bytes, classes);
                    rewritten++;
                }
                JarEntry copy = new JarEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("ClassFileUpgrade: " + jar.getFileName() + ": " + rewritten + " classes now Java 8");
    }

    private static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    /** The class at version 52 with frames computed; common super classes are looked up in the jar and the JDK. */
    private static byte[] toJava8(byte[] classFile, ClassLoader classes) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return classes;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
