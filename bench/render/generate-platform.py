#!/usr/bin/env python3
"""Writes a Tutor-shaped platform env with N objects (default 2,000) for the render benchmark.

Usage: generate-platform.py DIR [OBJECTS]. DIR/env/kustomization.yml lists k8s/*.yml; each group of five objects
is one app: a Deployment, a Service, a ConfigMap, a PersistentVolumeClaim and an init Job, all in the acme lane.
"""
import os
import sys

root = sys.argv[1]
objects = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
apps = objects // 5
env = os.path.join(root, "env")
os.makedirs(os.path.join(env, "k8s"), exist_ok=True)

files = {"deployments": [], "services": [], "configmaps": [], "volumes": [], "jobs": []}
for i in range(apps):
    name = f"app-{i:04d}"
    files["deployments"].append(f"""---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app.kubernetes.io/name: {name}
spec:
  replicas: {1 + i % 3}
  selector:
    matchLabels:
      app.kubernetes.io/name: {name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {name}
    spec:
      containers:
        - name: {name}
          image: localhost:5000/acme/openedx
          env:
            - name: SERVICE_VARIANT
              value: lms
            - name: INSTANCE
              value: "{i}"
          ports:
            - containerPort: 8000
          volumeMounts:
            - mountPath: /openedx/config
              name: config
            - mountPath: /openedx/data
              name: data
          resources:
            requests: {{cpu: 100m, memory: 256Mi}}
            limits: {{cpu: "1", memory: 1Gi}}
      volumes:
        - name: config
          configMap:
            name: {name}-config
        - name: data
          persistentVolumeClaim:
            claimName: {name}-data
""")
    files["services"].append(f"""---
apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  ports:
    - port: 8000
      protocol: TCP
  selector:
    app.kubernetes.io/name: {name}
""")
    files["configmaps"].append(f"""---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}-config
data:
  settings.yml: |
    PLATFORM_NAME: "Acme {i}"
    LMS_BASE: "app{i}.learn.acme.example.org"
    FEATURES:
      ENABLE_COURSEWARE_SEARCH: true
""")
    files["volumes"].append(f"""---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {name}-data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
""")
    files["jobs"].append(f"""---
apiVersion: batch/v1
kind: Job
metadata:
  name: {name}-init
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: init
          image: localhost:5000/acme/openedx
          command: ["./manage.py", "lms", "migrate", "--noinput"]
          resources:
            limits: {{cpu: "1", memory: 1Gi}}
""")

for name, docs in files.items():
    with open(os.path.join(env, "k8s", name + ".yml"), "w") as f:
        f.write("".join(docs))
with open(os.path.join(env, "kustomization.yml"), "w") as f:
    f.write("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: openedx-acme\nresources:\n")
    for name in files:
        f.write(f"- k8s/{name}.yml\n")
print(f"{apps * 5} objects in {env}")
